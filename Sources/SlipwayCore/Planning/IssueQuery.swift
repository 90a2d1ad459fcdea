/// A search over a project's issues: the conditions of CODING's `Conditions` language, already
/// parsed and bounded (`IssueQuery.maxConditions`, `maxValues`), a sort, and a page.
package struct IssueQuery: Sendable, Equatable {
    /// One condition. Every one must hold (AND); the values of one are alternatives (OR).
    package enum Condition: Sendable, Equatable {
        case kinds([IssueKind])
        case statusIDs([Int64])
        case statusCategories([IssueStatus.Category])
        case priorities([String])
        /// Numeric user ids; `nil` matches issues without an assignee.
        case assignees([Int64]?)
        case creators([Int64])
        /// Iteration codes; `nil` matches issues in no iteration.
        case iterations([Int64]?)
        /// Parent issue codes; `nil` matches issues without a parent.
        case parents([Int64]?)
        /// Label ids (any of them); `nil` matches issues without labels.
        case labels([Int64]?)
        /// Module ids; `nil` matches issues in no module.
        case modules([Int64]?)
        case keyword(String)
        case createdAt(ClosedRange<Int64>)
        case updatedAt(ClosedRange<Int64>)
        case dueDate(ClosedRange<Int64>?)
        case startDate(ClosedRange<Int64>?)
        case workingHours(ClosedRange<Double>)
    }

    package enum SortKey: String, Sendable, CaseIterable {
        case code = "CODE"
        case createdAt = "CREATED_AT"
        case updatedAt = "UPDATED_AT"
        case priority = "PRIORITY"
        case dueDate = "DUE_DATE"
        case status = "STATUS"
        case statusID = "ISSUE_STATUS_ID"
        case completedAt = "COMPLETED_AT"
        case parentID = "PARENT_ID"
    }

    package static let maxConditions = 20
    package static let maxValues = 100
    package static let maxValueLength = 200

    package var projectKey: String
    package var conditions: [Condition] = []
    package var sort: SortKey = .code
    package var descending = true
    /// Leave sub-tasks out of the list.
    package var excludeSubTasks = false
    package var offset = 0
    package var limit = 20

    package init(projectKey: String) {
        self.projectKey = projectKey
    }
}

/// One page of issues and how many match in all.
package struct IssuePage: Sendable {
    package var issues: [Issue]
    package var total: Int

    package init(issues: [Issue], total: Int) {
        self.issues = issues
        self.total = total
    }
}
