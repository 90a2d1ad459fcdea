/// A program (project set): projects grouped under one name, with work items of its own that
/// are split into issues of its projects. Dates are epoch milliseconds (0: not set).
package struct Program: Sendable, Equatable {
    package var id: Int64 = 0
    package var name: String
    package var displayName: String
    package var description: String = ""
    package var startDate: Int64 = 0
    package var endDate: Int64 = 0
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(name: String, displayName: String) {
        self.name = name
        self.displayName = displayName
    }
}

/// A program's work item (CODING's issue type `WORK_ITEM`), numbered per program by `code`, and
/// the project issues it has been split into.
package struct ProgramWorkItem: Sendable, Equatable {
    package var id: Int64 = 0
    package var programID: Int64
    package var code: Int64 = 0
    package var name: String
    package var description: String = ""
    /// One of the not-started / in-progress / done statuses (`IssueStatus`).
    package var statusID: Int64 = IssueStatus.notStarted.id
    package var priority: String = "1"
    package var assigneeUID: String = ""
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(programID: Int64, name: String) {
        self.programID = programID
        self.name = name
    }

    package var status: IssueStatus { IssueStatus.with(id: statusID) ?? .notStarted }
}
