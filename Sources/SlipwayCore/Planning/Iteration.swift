/// A project's iteration (sprint), numbered per project by `code`. Dates are epoch
/// milliseconds, 0 when not set.
package struct Iteration: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        case waiting = "WAIT_PROCESS"
        case processing = "PROCESSING"
        case completed = "COMPLETED"
    }

    package var id: Int64 = 0
    package var projectKey: String
    package var code: Int64 = 0
    package var name: String
    package var goal: String = ""
    package var assigneeUID: String = ""
    package var status: Status = .waiting
    package var startAt: Int64 = 0
    package var endAt: Int64 = 0
    package var creatorUID: String = ""
    package var starterUID: String = ""
    package var completerUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, name: String) {
        self.projectKey = projectKey
        self.name = name
    }

    /// How many of its issues are in each status class.
    package struct Counts: Sendable, Equatable {
        package var todo = 0
        package var processing = 0
        package var completed = 0

        package init() {}

        package var total: Int { todo + processing + completed }
    }
}
