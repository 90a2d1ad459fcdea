/// One entry of an issue's activity log: what was done (`action`: CREATE, UPDATE, ADD, REMOVE,
/// DELETE) to which part of it (`target`: SELF, NAME, STATUS, ASSIGNEE, COMMENT, ATTACHMENT,
/// CUSTOM_FIELD, …), with the new value as a JSON string (`content`). Custom-field entries name
/// their field (`fieldID`).
package struct IssueLogEntry: Sendable, Equatable {
    package var id: Int64 = 0
    package var issueID: Int64
    package var action: String
    package var target: String
    package var targetName: String
    package var content: String
    package var fieldID: Int64 = 0
    package var creatorUID: String
    package var createdAt: Int64

    package init(issueID: Int64, action: String, target: String, targetName: String, content: String, creatorUID: String, createdAt: Int64) {
        self.issueID = issueID
        self.action = action
        self.target = target
        self.targetName = targetName
        self.content = content
        self.creatorUID = creatorUID
        self.createdAt = createdAt
    }

    /// The action types CODING's log knows.
    package static let actions: Set<String> = ["ADD", "CHANGE_PARENT", "CREATE", "DELETE", "REMOVE", "UPDATE"]
    /// The targets CODING's log knows (Slipway adds COMMENT).
    package static let targets: Set<String> = [
        "ASSIGNEE", "ATTACHMENT", "CHILD_ISSUE", "COMMENT", "CUSTOM_FIELD", "DEFECT_TYPE", "DESCRIPTION", "DUE_DATE", "EPIC_ISSUE",
        "ISSUE_EPIC_CHANGED", "ISSUE_PROGRAM_RELATION", "ISSUE_RELATION", "ITERATION", "LABEL", "MODULE", "NAME", "PARENT_ISSUE",
        "PRIORITY", "PROGRESS", "RELATE_DEFECT", "RELATE_REQUIREMENT", "REQUIREMENT_TYPE", "RESOURCE", "SELF", "START_DATE", "STATUS",
        "STORY_POINT", "THIRD_LINK", "WATCHER", "WORKING_HOURS",
    ]
}

/// A custom issue field of a project: a typed value (`component`) issues of `kinds` may carry.
package struct IssueField: Sendable, Equatable {
    /// The component types CODING's custom fields have.
    package enum Component: String, Sendable, CaseIterable {
        case singleLine = "TEXT_SINGLE_LINE"
        case multiLine = "TEXT_MULTI_LINE"
        case selectSingle = "SELECT_SINGLE"
        case selectMulti = "SELECT_MULTI"
        case radio = "RADIO"
        case checkbox = "CHECKBOX"
        case memberSingle = "SELECT_MEMBER_SINGLE"
        case memberMulti = "SELECT_MEMBER_MULTI"
        case dateTime = "TEXT_DATETIME"
        case date = "TEXT_DATE"
        case integer = "TEXT_INTEGER"
        case decimal = "TEXT_DECIMAL"

        /// Components whose value is one or more of the field's options.
        package var choosesOptions: Bool { [.selectSingle, .selectMulti, .radio, .checkbox].contains(self) }
        /// Components whose value is a comma-separated list.
        package var isMulti: Bool { [.selectMulti, .checkbox, .memberMulti].contains(self) }
    }

    /// One choice of a select, radio or checkbox field.
    package struct Option: Sendable, Equatable, Codable {
        package var title: String
        package var value: String

        package init(title: String, value: String) {
            self.title = title
            self.value = value
        }
    }

    package var id: Int64 = 0
    package var projectKey: String
    package var name: String
    package var component: Component
    package var description: String = ""
    package var options: [Option] = []
    package var unit: String = ""
    package var kinds: [IssueKind]
    package var required = false
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, name: String, component: Component, kinds: [IssueKind]) {
        self.projectKey = projectKey
        self.name = name
        self.component = component
        self.kinds = kinds
    }

    package static let maxOptions = 100
    package static let maxPerProject = 200
    package static let maxValueBytes = 4096
}

/// A file attached to an issue, a test case or a test report (to one of them at most), or
/// uploaded and not yet attached: kept as an upload (`uploadKey`).
package struct IssueAttachment: Sendable, Equatable {
    package var id: Int64
    package var projectKey: String
    package var uploadKey: String
    package var issueID: Int64?
    package var testCaseID: Int64?
    package var testReportID: Int64?
    package var fileName: String
    package var ownerUID: String
    /// Bytes received; nil until the file has arrived.
    package var size: Int64?
    package var createdAt: Int64

    package init(
        id: Int64, projectKey: String, uploadKey: String, issueID: Int64?, fileName: String, ownerUID: String, size: Int64?, createdAt: Int64
    ) {
        self.id = id
        self.projectKey = projectKey
        self.uploadKey = uploadKey
        self.issueID = issueID
        self.fileName = fileName
        self.ownerUID = ownerUID
        self.size = size
        self.createdAt = createdAt
    }

    /// Whether an issue, a test case or a test report holds the file.
    package var isAttached: Bool { issueID != nil || testCaseID != nil || testReportID != nil }
}
