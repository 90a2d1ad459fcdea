/// A project's issue: a requirement, defect, mission, epic or sub-task, numbered per project
/// by `code`. Users are uids; dates are epoch milliseconds (0: not set).
package struct Issue: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var code: Int64 = 0
    package var kind: IssueKind
    package var name: String
    package var description: String = ""
    package var statusID: Int64
    /// `"0"` (low) … `"3"` (urgent), as CODING spells it.
    package var priority: String
    package var assigneeUID: String = ""
    package var creatorUID: String = ""
    package var parentID: Int64?
    package var iterationID: Int64?
    /// The module the issue is filed under (`IssueModule`), if any.
    package var moduleID: Int64?
    package var startDate: Int64 = 0
    package var dueDate: Int64 = 0
    package var completedAt: Int64 = 0
    /// The estimate, in hours.
    package var workingHours: Double = 0
    /// What the work logs add up to, and what is left (as the last log or a change said).
    package var spentHours: Double = 0
    package var remainingHours: Double = 0
    package var storyPoint: String = ""
    package var watcherUIDs: [String] = []
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, kind: IssueKind, name: String, statusID: Int64, priority: String) {
        self.projectKey = projectKey
        self.kind = kind
        self.name = name
        self.statusID = statusID
        self.priority = priority
    }

    package var status: IssueStatus { IssueStatus.with(id: statusID) ?? IssueWorkflow.initial(of: kind) }

    /// The priorities CODING knows: low, medium, high, urgent.
    package static let priorities = ["0", "1", "2", "3"]
}

/// One entry of an issue's status history.
package struct IssueStatusChange: Sendable, Equatable {
    package var issueCode: Int64
    package var statusID: Int64
    package var creatorUID: String
    package var createdAt: Int64

    package init(issueCode: Int64, statusID: Int64, creatorUID: String, createdAt: Int64) {
        self.issueCode = issueCode
        self.statusID = statusID
        self.creatorUID = creatorUID
        self.createdAt = createdAt
    }
}

/// A comment on an issue (a reply names its `parentID`).
package struct IssueComment: Sendable, Equatable {
    package var id: Int64 = 0
    package var issueID: Int64
    package var parentID: Int64
    package var content: String
    package var creatorUID: String
    package var createdAt: Int64
    package var updatedAt: Int64

    package init(issueID: Int64, parentID: Int64, content: String, creatorUID: String, createdAt: Int64, updatedAt: Int64) {
        self.issueID = issueID
        self.parentID = parentID
        self.content = content
        self.creatorUID = creatorUID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A work-hour log entry: hours spent on an issue from `startAt`, and the hours left after it.
package struct IssueWorkLog: Sendable, Equatable {
    package var id: Int64 = 0
    package var issueID: Int64
    package var issueCode: Int64
    package var userUID: String
    package var spentHours: Double
    package var remainingHours: Double
    package var startAt: Int64
    package var description: String
    package var createdAt: Int64

    package init(
        issueID: Int64, issueCode: Int64, userUID: String, spentHours: Double, remainingHours: Double, startAt: Int64,
        description: String, createdAt: Int64
    ) {
        self.issueID = issueID
        self.issueCode = issueCode
        self.userUID = userUID
        self.spentHours = spentHours
        self.remainingHours = remainingHours
        self.startAt = startAt
        self.description = description
        self.createdAt = createdAt
    }
}
