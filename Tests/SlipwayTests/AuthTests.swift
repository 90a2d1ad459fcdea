import Foundation
import HTTPTypes
import Testing

/// Credentials in every dialect's style resolve to one identity; Zadig's 401/403 have empty bodies.
@Suite struct AuthTests {
    @Test(arguments: StoreKind.enabled)
    func everyHeaderStyleResolvesToTheSameUser(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let styles: [Harness.Auth] = [
                .bearer(app.adminToken), .codingToken(app.adminToken), .cdToken(app.adminToken),
                .query(app.adminToken), .basic(app.adminToken),
            ]
            for style in styles {
                let reply = try await app.call(.get, "/openapi/users?pageNum=1&pageSize=10", auth: style)
                #expect(reply.status == .ok, "\(style)")
                #expect(reply.json["users"][0]["account"].string == "admin")
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func missingOrBadTokensGet401WithEmptyBody(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            for path in ["/openapi/projects/project", "/openapi/no/such/thing", "/api/aslan/anything"] {
                for auth: Harness.Auth in [.anonymous, .bearer("slw_wrong-token-value-000000"), .bearer("")] {
                    let reply = try await app.call(.get, path, auth: auth)
                    #expect(reply.status == .unauthorized, "\(path) \(auth)")
                    #expect(reply.text.isEmpty)
                }
            }
            let post = try await app.call(.post, "/openapi/projects/project", auth: .anonymous, body: "{}")
            #expect(post.status == .unauthorized)
            #expect(try await app.store.operationLogs.list(.init(page: 1, perPage: 10)).total == 0, "anonymous calls are not audited")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func projectPermissionMatrix(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (member, memberToken) = try await app.makeUser("member")
            let (_, outsiderToken) = try await app.makeUser("outsider")
            let (lead, leadToken) = try await app.makeUser("lead")
            #expect(try await app.makeProject("secret").status == .ok)
            #expect(try await app.makeProject("open", isPublic: true).status == .ok)

            // Non-admins cannot create projects.
            let denied = try await app.makeProject("mine", as: memberToken)
            #expect(denied.status == .forbidden)
            #expect(denied.text.isEmpty)

            // Outsider: the private project is invisible and forbidden; the public one readable.
            let outsiderList = try await app.call(.get, "/openapi/projects/project", as: outsiderToken)
            #expect(outsiderList.json["projects"].array.compactMap { $0["project_key"].string } == ["open"])
            let forbidden = try await app.call(.get, "/openapi/projects/project/detail?projectKey=secret", as: outsiderToken)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.text.isEmpty)
            #expect(try await app.call(.get, "/openapi/projects/project/detail?projectKey=open", as: outsiderToken).status == .ok)
            #expect(try await app.call(.delete, "/openapi/projects/project?projectKey=open&isDelete=true", as: outsiderToken).status == .forbidden)

            // A read-only member can read but not delete.
            let bind = try await app.call(
                .post, "/openapi/policy/role-bindings?namespace=secret",
                body: """
                    {"role":"read-only","identities":[{"identity_type":"user","uid":"\(member.uid)"}]}
                    """)
            #expect(bind.status == .ok, "\(bind.text)")
            #expect(try await app.call(.get, "/openapi/projects/project/detail?projectKey=secret", as: memberToken).status == .ok)
            #expect(try await app.call(.get, "/openapi/policy/roles?namespace=secret", as: memberToken).status == .ok)
            #expect(try await app.call(.delete, "/openapi/projects/project?projectKey=secret&isDelete=true", as: memberToken).status == .forbidden)
            let createRole = try await app.call(
                .post, "/openapi/policy/roles?namespace=secret", as: memberToken,
                body: #"{"name":"x","actions":[]}"#)
            #expect(createRole.status == .forbidden)

            // project-admin through a group binding may delete.
            let group = try await app.store.groups.create(name: "leads", memberUIDs: [lead.uid])
            let groupBind = try await app.call(
                .post, "/openapi/policy/role-bindings/group/\(group.gid)?namespace=secret",
                body: #"{"roles":["project-admin"]}"#)
            #expect(groupBind.status == .ok, "\(groupBind.text)")
            #expect(try await app.call(.delete, "/openapi/projects/project?projectKey=secret&isDelete=true", as: leadToken).status == .ok)

            // Only admins read the operation log or delete users.
            #expect(try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=5", as: memberToken).status == .forbidden)
            #expect(try await app.call(.delete, "/openapi/users/\(member.uid)", as: leadToken).status == .forbidden)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func expiredAndRevokedTokensStopWorking(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (user, _) = try await app.makeUser("temp")
            let expired = try await app.store.tokens.issue(userUID: user.uid, name: "old", expiresAt: 1)
            #expect(try await app.call(.get, "/openapi/users?pageNum=1&pageSize=1", as: expired.secret).status == .unauthorized)
            let live = try await app.store.tokens.issue(userUID: user.uid, name: "live")
            #expect(try await app.call(.get, "/openapi/users?pageNum=1&pageSize=1", as: live.secret).status == .ok)
            try await app.store.tokens.revoke(id: live.token.id)
            #expect(try await app.call(.get, "/openapi/users?pageNum=1&pageSize=1", as: live.secret).status == .unauthorized)
        }
    }
}
