/// How a project's issue collaboration is set up (CODING's "配置方案"): a mode, and the issue
/// types it has, each with its workflow statuses. The system templates are `SCRUM` and
/// `CLASSIC`; initialising a project copies one (or another project's) into a project template.
package struct CollaborationTemplate: Sendable, Equatable {
    package enum Mode: String, Sendable, CaseIterable {
        case scrum = "SCRUM"
        case classic = "CLASSIC"
    }

    package enum Scope: String, Sendable {
        case global = "GLOBAL"
        case project = "PROJECT"
    }

    /// An issue type of a template and its statuses, in workflow order.
    package struct IssueType: Sendable, Equatable {
        package var kind: IssueKind
        package var statusIDs: [Int64]

        package init(kind: IssueKind, statusIDs: [Int64]) {
            self.kind = kind
            self.statusIDs = statusIDs
        }
    }

    package var id: Int64
    /// The project it belongs to (`nil`: a system template).
    package var projectKey: String?
    package var mode: Mode
    package var name: String
    package var description: String
    package var issueTypes: [IssueType]
    /// The template it was copied from, and whether it follows that template's changes.
    package var sourceID: Int64 = 0
    package var sync = false
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(id: Int64, projectKey: String?, mode: Mode, name: String, description: String, issueTypes: [IssueType]) {
        self.id = id
        self.projectKey = projectKey
        self.mode = mode
        self.name = name
        self.description = description
        self.issueTypes = issueTypes
    }

    package var scope: Scope { projectKey == nil ? .global : .project }

    /// The two system templates: agile (iterations, epics) and classic (no epics).
    package static let system: [CollaborationTemplate] = [
        CollaborationTemplate(
            id: 1, projectKey: nil, mode: .scrum, name: "敏捷项目",
            description: "Plan a backlog into iterations and deliver at a steady pace (epics, requirements, missions, defects, sub-tasks).",
            issueTypes: types([.epic, .requirement, .mission, .defect, .subTask])),
        CollaborationTemplate(
            id: 2, projectKey: nil, mode: .classic, name: "经典项目",
            description: "Manage a plan of requirements and missions, for time- or delivery-based projects (no epics).",
            issueTypes: types([.requirement, .mission, .defect, .subTask])),
    ]

    static func types(_ kinds: [IssueKind]) -> [IssueType] {
        kinds.map { IssueType(kind: $0, statusIDs: IssueWorkflow.statuses(of: $0).map(\.id)) }
    }

    package static func system(_ mode: Mode) -> CollaborationTemplate { mode == .scrum ? system[0] : system[1] }
}
