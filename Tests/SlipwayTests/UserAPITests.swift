import Foundation
import Testing

/// Zadig §14: users and user groups.
@Suite struct UserAPITests {
    @Test(arguments: StoreKind.enabled)
    func listPagesAndFilters(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            for name in ["alice", "bob", "carol"] { _ = try await app.makeUser(name) }
            let all = try await app.call(.get, "/openapi/users?pageNum=1&pageSize=2")
            #expect(all.status == .ok)
            #expect(all.json["total_count"].int == 4)
            #expect(all.json["users"].array.compactMap { $0["account"].string } == ["admin", "alice"])
            #expect(all.json["users"][0].keys == ["uid", "account", "name", "identity_type", "last_login_time"])
            #expect(all.json["users"][0]["identity_type"].string == "system")
            let filtered = try await app.call(.get, "/openapi/users?pageNum=1&pageSize=10&account=AR")
            #expect(filtered.json["users"].array.compactMap { $0["account"].string } == ["carol"])
            let missing = try await app.call(.get, "/openapi/users?pageSize=10")
            #expect(missing.status == .badRequest)
            #expect(missing.json["description"].string == "pageNum is required")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func detailAndDelete(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (bob, bobToken) = try await app.makeUser("bob")
            _ = try await app.makeProject("p")
            _ = try await app.call(
                .post, "/openapi/policy/role-bindings?namespace=p",
                body: """
                    {"role":"read-only","identities":[{"identity_type":"user","uid":"\(bob.uid)"}]}
                    """)
            let detail = try await app.call(.get, "/openapi/users/\(bob.uid)")
            #expect(detail.json["account"].string == "bob")
            #expect(detail.json["uid"].string == bob.uid)

            let deleted = try await app.call(.delete, "/openapi/users/\(bob.uid)")
            #expect(deleted.status == .ok)
            #expect(try await app.call(.get, "/openapi/users/\(bob.uid)").status == .notFound)
            #expect(try await app.call(.get, "/openapi/projects/project", as: bobToken).status == .unauthorized, "tokens die with the user")
            let bindings = try await app.call(.get, "/openapi/policy/role-bindings?namespace=p")
            #expect(!bindings.text.contains(bob.uid), "bindings die with the user")

            let again = try await app.call(.delete, "/openapi/users/\(bob.uid)")
            #expect(again.status == .notFound)
            let admin = try #require(try await app.store.users.find(account: "admin"))
            let selfDelete = try await app.call(.delete, "/openapi/users/\(admin.uid)")
            #expect(selfDelete.status == .badRequest)
            #expect(selfDelete.json["description"].string == "you cannot delete your own account")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func groupsIncludeAllUsers(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (a, _) = try await app.makeUser("a")
            _ = try await app.makeUser("b")
            try await app.store.groups.create(name: "devs", description: "developers", memberUIDs: [a.uid])
            let reply = try await app.call(.get, "/openapi/user-groups?pageNum=1&pageSize=10")
            #expect(reply.status == .ok)
            #expect(reply.json["total"].int == 2)
            #expect(reply.json["group_list"][0]["name"].string == "所有用户")
            #expect(reply.json["group_list"][0]["type"].string == "system")
            #expect(reply.json["group_list"][0]["user_total"].int == 3)
            #expect(reply.json["group_list"][1].keys == ["id", "name", "description", "type", "user_total"])
            #expect(reply.json["group_list"][1]["user_total"].int == 1)
            #expect(reply.json["group_list"][1]["type"].string == "custom")
        }
    }
}
