import Foundation
import Testing

/// Project members with only some actions, for permission-sensitive tests.
extension Harness {
    /// A user bound in `project` to a custom role holding exactly `actions` (or to a preset role).
    func makeMember(_ account: String, project: String = "demo", actions: [String]? = nil, presetRole: String = "read-only")
        async throws -> String
    {
        if try await store.projects.get(key: project) == nil { _ = try await makeProject(project) }
        let (user, token) = try await makeUser(account)
        var role = presetRole
        if let actions {
            role = "only-\(account)"
            let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
            let created = try await call(.post, "/openapi/policy/roles?namespace=\(project)", body: #"{"name":"\#(role)","actions":[\#(list)]}"#)
            #expect(created.status == .ok, "role: \(created.text)")
        }
        let bound = try await call(.post, "/openapi/policy/role-bindings/user/\(user.uid)?namespace=\(project)", body: #"{"roles":["\#(role)"]}"#)
        #expect(bound.status == .ok, "binding: \(bound.text)")
        return token
    }
}
