import Foundation
import Testing

/// Zadig §14: resource actions, project roles and role bindings.
@Suite struct PolicyAPITests {
    @Test(arguments: StoreKind.enabled)
    func resourceActions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("p")
            let k8s = try await app.call(.get, "/openapi/policy/resource-actions?projectName=p&envType=k8s")
            #expect(k8s.status == .ok)
            #expect(k8s.json.array.compactMap { $0["resource"].string }.contains("ProductionEnvironment"))
            #expect(k8s.json[0]["resource"].string == "Workflow")
            #expect(
                k8s.json[0]["rules"].array.compactMap { $0["action"].string } == [
                    "get_workflow", "create_workflow", "edit_workflow", "delete_workflow", "run_workflow", "debug_workflow",
                ])
            let pm = try await app.call(.get, "/openapi/policy/resource-actions?projectName=p&envType=pm")
            #expect(!pm.json.array.compactMap { $0["resource"].string }.contains("ProductionEnvironment"))
            #expect(try await app.call(.get, "/openapi/policy/resource-actions?projectName=p").status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func rolesLifecycle(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("p")
            let presets = try await app.call(.get, "/openapi/policy/roles?namespace=p")
            #expect(presets.json.array.compactMap { $0["name"].string } == ["project-admin", "read-only", "read-project-only"])
            #expect(presets.json[0].keys == ["id", "name", "namespace", "desc", "type"])
            #expect(presets.json[0]["type"].string == "system")

            let created = try await app.call(
                .post, "/openapi/policy/roles?namespace=p",
                body: """
                    {"name":"runner","namespace":"p","actions":["get_workflow","run_workflow","get_environment"]}
                    """)
            #expect(created.status == .ok, "\(created.text)")
            let detail = try await app.call(.get, "/openapi/policy/roles/runner?namespace=p")
            #expect(detail.json["type"].string == "custom")
            #expect(
                detail.json["rules"]
                    == JSON(
                        """
                        [{"resource":"Workflow","verbs":["get_workflow","run_workflow"]},{"resource":"Environment","verbs":["get_environment"]}]
                        """))

            let updated = try await app.call(.put, "/openapi/policy/roles/runner?namespace=p", body: #"{"actions":["get_build"]}"#)
            #expect(updated.status == .ok)
            #expect(try await app.call(.get, "/openapi/policy/roles/runner?namespace=p").json["rules"][0]["resource"].string == "Build")

            let dup = try await app.call(.post, "/openapi/policy/roles?namespace=p", body: #"{"name":"runner","actions":[]}"#)
            #expect(dup.status == .badRequest)
            #expect(dup.json["description"].string == "role runner already exists")
            let badAction = try await app.call(.post, "/openapi/policy/roles?namespace=p", body: #"{"name":"x","actions":["fly"]}"#)
            #expect(badAction.json["description"].string == "unknown action fly")
            let mismatch = try await app.call(.post, "/openapi/policy/roles?namespace=p", body: #"{"name":"y","namespace":"q","actions":[]}"#)
            #expect(mismatch.status == .badRequest)
            let unknownProject = try await app.call(.get, "/openapi/policy/roles?namespace=nope")
            #expect(unknownProject.status == .notFound)
            let systemDelete = try await app.call(.delete, "/openapi/policy/roles/read-only?namespace=p")
            #expect(systemDelete.json["description"].string == "system role read-only cannot be deleted")

            #expect(try await app.call(.delete, "/openapi/policy/roles/runner?namespace=p").status == .ok)
            #expect(try await app.call(.get, "/openapi/policy/roles/runner?namespace=p").status == .notFound)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func bindingsForUsersAndGroups(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("p")
            let (dev, devToken) = try await app.makeUser("dev")
            let group = try await app.store.groups.create(name: "qa")
            _ = try await app.call(.post, "/openapi/policy/roles?namespace=p", body: #"{"name":"runner","actions":["run_workflow"]}"#)

            let initial = try await app.call(.get, "/openapi/policy/role-bindings?namespace=p")
            #expect(initial.json.array.count == 1, "the creator is project admin")
            #expect(initial.json[0]["binding_type"].string == "user")
            #expect(initial.json[0]["user_info"]["account"].string == "admin")
            #expect(initial.json[0]["roles"] == JSON(#"["project-admin"]"#))

            let add = try await app.call(
                .post, "/openapi/policy/role-bindings?namespace=p",
                body: """
                    {"role":"runner","identities":[{"identity_type":"user","uid":"\(dev.uid)"},{"identity_type":"group","gid":"\(group.gid)"}]}
                    """)
            #expect(add.status == .ok, "\(add.text)")
            let access = try #require(try await app.store.access.access(user: dev, projectKey: "p"))
            #expect(access.allows(.action("run_workflow")))
            #expect(!access.allows(.action("delete_workflow")))

            let replace = try await app.call(
                .post, "/openapi/policy/role-bindings/user/\(dev.uid)?namespace=p",
                body: #"{"roles":["read-only","runner"]}"#)
            #expect(replace.status == .ok)
            let listed = try await app.call(.get, "/openapi/policy/role-bindings?namespace=p")
            let devBinding = try #require(listed.json.array.first { $0["user_info"]["uid"].string == dev.uid })
            #expect(devBinding["roles"] == JSON(#"["read-only","runner"]"#))
            #expect(devBinding["user_info"].keys == ["identity_type", "uid", "account", "username"])
            let groupBinding = try #require(listed.json.array.first { $0["binding_type"].string == "group" })
            #expect(groupBinding["group_info"] == JSON(#"{"group_id":"\#(group.gid)","name":"qa"}"#))

            #expect(try await app.call(.delete, "/openapi/policy/role-bindings/user/\(dev.uid)?namespace=p").status == .ok)
            #expect(try await app.call(.get, "/openapi/projects/project/detail?projectKey=p", as: devToken).status == .forbidden)
            #expect(try await app.call(.delete, "/openapi/policy/role-bindings/group/\(group.gid)?namespace=p").status == .ok)
            #expect(try await app.call(.get, "/openapi/policy/role-bindings?namespace=p").json.array.count == 1)

            let unknownRole = try await app.call(
                .post, "/openapi/policy/role-bindings?namespace=p",
                body: """
                    {"role":"ghost","identities":[{"identity_type":"user","uid":"\(dev.uid)"}]}
                    """)
            #expect(unknownRole.status == .notFound)
            let unknownUser = try await app.call(.post, "/openapi/policy/role-bindings/user/nobody?namespace=p", body: #"{"roles":["read-only"]}"#)
            #expect(unknownUser.status == .notFound)
            let badIdentity = try await app.call(
                .post, "/openapi/policy/role-bindings?namespace=p",
                body: """
                    {"role":"runner","identities":[{"identity_type":"robot","uid":"x"}]}
                    """)
            #expect(badIdentity.status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func allUsersGroupBindingReachesEveryone(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("p")
            let (_, token) = try await app.makeUser("anyone")
            #expect(try await app.call(.get, "/openapi/projects/project/detail?projectKey=p", as: token).status == .forbidden)
            let bind = try await app.call(.post, "/openapi/policy/role-bindings/group/all-users?namespace=p", body: #"{"roles":["read-project-only"]}"#)
            #expect(bind.status == .ok)
            #expect(try await app.call(.get, "/openapi/projects/project/detail?projectKey=p", as: token).status == .ok)
        }
    }
}
