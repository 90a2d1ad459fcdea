/// The issue types a Slipway team has (CODING's system types): each with a fixed id, a name, the
/// types its issues may be split into, and its status workflow (`IssueWorkflow`).
package enum IssueKind: String, Sendable, CaseIterable, Codable {
    case requirement = "REQUIREMENT"
    case defect = "DEFECT"
    case mission = "MISSION"
    case epic = "EPIC"
    case subTask = "SUB_TASK"

    package var id: Int64 {
        switch self {
        case .requirement: return 1
        case .defect: return 2
        case .mission: return 3
        case .epic: return 4
        case .subTask: return 5
        }
    }

    package init?(id: Int64) {
        guard let kind = Self.allCases.first(where: { $0.id == id }) else { return nil }
        self = kind
    }

    package var name: String {
        switch self {
        case .requirement: return "需求"
        case .defect: return "缺陷"
        case .mission: return "任务"
        case .epic: return "史诗"
        case .subTask: return "子工作项"
        }
    }

    package var summary: String {
        switch self {
        case .requirement: return "What users need: a feature or a change"
        case .defect: return "Something that does not work as it should"
        case .mission: return "A piece of work to do"
        case .epic: return "A large body of work made of requirements"
        case .subTask: return "A part of a requirement, mission or defect"
        }
    }

    /// The types an issue of this type may be split into (its children's types).
    package var splitTargets: [IssueKind] {
        switch self {
        case .epic: return [.requirement]
        case .requirement, .mission, .defect: return [.subTask]
        case .subTask: return []
        }
    }

    /// The types a parent of this type may have; empty for none.
    package var parentKinds: [IssueKind] { Self.allCases.filter { $0.splitTargets.contains(self) } }
}
