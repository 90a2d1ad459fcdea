/// The roles a user holds in a program (CODING's program member policies, "项目集成员权限组"),
/// named as the vendor names them or by their fixed ids. Every policy makes its holder a member
/// who reads the program and its list of projects; managing the program stays with its creator
/// and team administrators.
package enum ProgramPolicy: String, Sendable, CaseIterable, Comparable {
    case admin = "ProgramAdmin"
    case member = "ProgramMember"
    case projectMember = "ProgramProjectMember"

    /// The vendor's policy ids, as its examples answer them.
    package var id: Int64 {
        switch self {
        case .admin: return 14
        case .member: return 15
        case .projectMember: return 16
        }
    }

    package var alias: String {
        switch self {
        case .admin: return "项目集管理员"
        case .member: return "项目集普通成员"
        case .projectMember: return "项目集项目成员"
        }
    }

    /// A policy by name or by id (`"15"`); nil for anything else.
    package init?(nameOrID: String) {
        if let byName = ProgramPolicy(rawValue: nameOrID) {
            self = byName
        } else if let match = Self.allCases.first(where: { String($0.id) == nameOrID }) {
            self = match
        } else {
            return nil
        }
    }

    package static func < (a: ProgramPolicy, b: ProgramPolicy) -> Bool { a.id < b.id }
}
