import Foundation
import SlipwayCore
import SlipwayStore

/// A saved issue filter: a name and the conditions (`content`, CODING's filter JSON) it selects by.
package struct IssueFilter: Sendable {
    package var id: Int64
    package var issueType: String
    package var name: String
    package var isDefault: Bool
    package var content: String
    package var createdAt: Int64
}

/// The issue filters of a project: the system filters every issue type has, for the caller. Slipway
/// keeps no custom filters, so that list is empty.
extension IssueService {
    /// The issue types a filter list may be asked for.
    static let filterTypes = ["ALL"] + IssueKind.allCases.map(\.rawValue)

    /// The system filters of issue type `issueType` (or `ALL`) for the caller in a project.
    package func filters(projectKey: String, issueType: String, by user: User) async throws -> (system: [IssueFilter], custom: [IssueFilter]) {
        guard let typeIndex = Self.filterTypes.firstIndex(of: issueType) else {
            throw SlipwayError.invalidInput("IssueType must be one of \(Self.filterTypes.joined(separator: ", "))")
        }
        let project = try await access.require(user, projectKey: projectKey, write: false)
        let me = Double(try await store.numericIDs.userIDs(uids: [user.uid])[user.uid] ?? 0)
        let projectID = Double(try await store.numericIDs.projectIDs(keys: [projectKey])[projectKey] ?? 0)
        func condition(_ key: String, _ value: [JSONValue], fixed: Bool = true) -> JSONValue {
            .object([
                "Key": .string(key), "Fixed": .bool(fixed), "ConstValue": .null, "FilterIssueType": .string(issueType),
                "ProjectId": .number(projectID), "ProjectIds": .null, "Value": .array(value), "TeamView": .bool(false),
            ])
        }
        let open = condition("STATUS_TYPE", [.string("TODO"), .string("PROCESSING")])
        let filters: [(String, [JSONValue])] = [
            ("我未完成的", [open, condition("ASSIGNEE", [.number(me)])]),
            ("分配给我的", [condition("ASSIGNEE", [.number(me)])]),
            ("我创建的", [condition("CREATOR", [.number(me)], fixed: false)]),
            ("我关注的", [condition("WATCHER", [.number(me)], fixed: false)]),
            ("全部事项", []),
        ]
        let system = filters.enumerated().map { index, filter in
            let content: JSONValue = .object([
                "FilterIssueType": .string(issueType), "Sort": .object(["Key": .string("PRIORITY"), "Value": .string("DESC")]),
                "Conditions": .array(filter.1),
            ])
            return IssueFilter(
                id: Int64(typeIndex * 10 + index + 1), issueType: issueType, name: filter.0, isDefault: index == 0, content: Self.text(content),
                createdAt: project.createdAt)
        }
        return (system, [])
    }
}
