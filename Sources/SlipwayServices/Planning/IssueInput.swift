import SlipwayCore

/// The fields a create or change of an issue sets; nil leaves a field as it is. Users are
/// numeric ids (0: nobody); parent and iteration are codes (0: none).
package struct IssueInput: Sendable {
    package var name: String?
    package var description: String?
    package var priority: String?
    package var statusID: Int64?
    package var assigneeID: Int64?
    package var parentCode: Int64?
    package var iterationCode: Int64?
    package var startDate: Int64?
    package var dueDate: Int64?
    package var workingHours: Double?
    package var storyPoint: String?
    package var addedWatcherIDs: [Int64] = []
    package var removedWatcherIDs: [Int64] = []
    /// Custom field id → its new value (empty: clear it).
    package var customFieldValues: [Int64: String] = [:]
    /// Attachments (`CreateAttachmentPrepareSignUrl` ids) to attach and to detach.
    package var addedFileIDs: [Int64] = []
    package var removedFileIDs: [Int64] = []
    /// The module to file the issue under (0: none).
    package var moduleID: Int64?
    /// Labels to put on and to take off; `labelIDs` (when given) replaces the issue's labels first.
    package var labelIDs: [Int64]?
    package var addedLabelIDs: [Int64] = []
    package var removedLabelIDs: [Int64] = []

    package init() {}

    static let maxNameLength = 255
    static let maxDescriptionBytes = 1_000_000
    static let maxHours = 100_000.0
}

/// An issue with what its CODING answer names: parent, children, iteration, people, project.
package struct IssueDetail: Sendable {
    package var issue: Issue
    package var parent: Issue?
    package var children: [Issue]
    package var iteration: Iteration?
    package var people: PlanningPeople
    package var project: Project
    package var files: [IssueAttachment] = []
    /// The issue's custom field values, by field id.
    package var customValues: [Int64: String] = [:]
    /// The issue's labels, by id, and its module.
    package var labels: [IssueLabel] = []
    package var module: IssueModule?
}

/// A page of issues, each with its whole detail, and how many match in all.
package struct IssueDetailPage: Sendable {
    package var details: [IssueDetail]
    package var total: Int
}

/// A page of issues with the iterations, parents and people the page names.
package struct IssueListing: Sendable {
    package var page: IssuePage
    package var iterations: [Int64: Iteration]
    package var parents: [Int64: Issue]
    package var people: PlanningPeople
    /// The labels of each issue of the page, by issue id.
    package var labels: [Int64: [IssueLabel]] = [:]
}
