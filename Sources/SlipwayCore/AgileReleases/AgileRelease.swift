/// A project's (agile) release, numbered per project by `code`: dates (epoch ms, 0: not set),
/// an assignee, and the iterations whose issues make up its scope.
package struct AgileRelease: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var code: Int64 = 0
    package var name: String
    package var description: String = ""
    package var assigneeUID: String = ""
    package var creatorUID: String = ""
    package var startDate: Int64 = 0
    package var releaseDate: Int64 = 0
    /// Ids of the linked iterations.
    package var iterationIDs: [Int64] = []
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, name: String) {
        self.projectKey = projectKey
        self.name = name
    }

    /// Where a release stands, from the issues in its scope: nothing started, under way, all done.
    package enum Progress: String, Sendable, CaseIterable {
        case notStarted = "TODO"
        case processing = "PROCESSING"
        case completed = "COMPLETED"

        /// The text CODING shows (the examples answer `未开始`, `处理中`).
        package var displayName: String {
            switch self {
            case .notStarted: return "未开始"
            case .processing: return "处理中"
            case .completed: return "已完成"
            }
        }

        package init(_ counts: Iteration.Counts) {
            if counts.total > 0, counts.completed == counts.total {
                self = .completed
            } else if counts.processing + counts.completed > 0 {
                self = .processing
            } else {
                self = .notStarted
            }
        }
    }
}
