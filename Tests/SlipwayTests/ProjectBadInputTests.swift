import Foundation
import Testing

/// Bad input gets a Zadig envelope with the right status, and nothing is half-written.
@Suite struct ProjectBadInputTests {
    static let envelopeKeys: Set<String> = ["type", "message", "code", "description", "extra"]

    @Test(arguments: StoreKind.enabled)
    func malformedBodies(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let cases: [(body: String, description: String)] = [
                ("{not json", "malformed JSON body"),
                ("", "request body is required"),
                (#"{"project_name":"x","project_key":"x","is_public":"yes","project_type":"yaml"}"#, "is_public: expected a boolean"),
                (#"{"project_name":"x","is_public":true,"project_type":"yaml"}"#, "project_key: required field is missing"),
                (
                    #"{"project_name":"x","project_key":"Bad_Key","is_public":true,"project_type":"yaml"}"#,
                    "project_key must be 1-64 lowercase letters, digits or '-', not starting with '-'"
                ),
                (
                    #"{"project_name":"x","project_key":"ok","is_public":true,"project_type":"k8s"}"#,
                    "project_type must be one of helm, yaml, loaded"
                ),
                (#"{"project_name":" ","project_key":"ok","is_public":true,"project_type":"yaml"}"#, "project_name is required"),
            ]
            for c in cases {
                let reply = try await app.call(.post, "/openapi/projects/project", body: c.body)
                #expect(reply.status == .badRequest, "\(c.body)")
                #expect(reply.json.keys == Self.envelopeKeys)
                #expect(reply.json["type"].string == "error")
                #expect(reply.json["code"].int == 400)
                #expect(reply.json["message"].string == "Bad Request")
                #expect(reply.json["description"].string == c.description, "\(c.body)")
            }
            #expect(try await app.call(.get, "/openapi/projects/project").json["total"].int == 0)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func duplicateKeyKeepsTheOriginal(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            #expect(try await app.makeProject("dup").status == .ok)
            let again = try await app.call(
                .post, "/openapi/projects/project",
                body: """
                    {"project_name":"Other","project_key":"dup","is_public":true,"project_type":"helm"}
                    """)
            #expect(again.status == .badRequest, "6000-7999 codes travel as HTTP 400")
            #expect(again.json["code"].int == 6060)
            #expect(again.json["message"].string == "创建项目失败")
            #expect(again.json["description"].string == "project dup already exists")
            let detail = try await app.call(.get, "/openapi/projects/project/detail?projectKey=dup")
            #expect(detail.json["project_name"].string == "dup name")
            #expect(detail.json["deploy_type"].string == "k8s")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func initIsAllOrNothing(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let badEnv = try await app.call(
                .post, "/openapi/projects/project/init/yaml",
                body: """
                    {"project_name":"A","project_key":"atomic","is_public":false,
                     "service_list":[{"source":"yaml","service_name":"web","yaml":"a: 1"}],
                     "env_list":[{"env_key":"dev","cluster_name":"c","namespace":"n"},{"env_key":"dev","cluster_name":"c","namespace":"m"}]}
                    """)
            #expect(badEnv.status == .badRequest)
            #expect(badEnv.json["description"].string == "env_list[1].env_key dev is duplicated")
            #expect(try await app.store.projects.get(key: "atomic") == nil)

            #expect(try await app.makeProject("atomic").status == .ok)
            let clash = try await app.call(
                .post, "/openapi/projects/project/init/yaml",
                body: """
                    {"project_name":"A","project_key":"atomic","is_public":false,
                     "service_list":[{"source":"yaml","service_name":"web","yaml":"a: 1"}],
                     "env_list":[{"env_key":"dev","cluster_name":"c","namespace":"n"}]}
                    """)
            #expect(clash.json["code"].int == 6060)
            #expect(try await app.store.projects.services(projectKey: "atomic").isEmpty, "the failed init stored no service")
            #expect(try await app.store.projects.environments(projectKey: "atomic").isEmpty)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func queryParameterErrors(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let missing = try await app.call(.get, "/openapi/projects/project/detail")
            #expect(missing.status == .badRequest)
            #expect(missing.json["description"].string == "projectKey is required")
            let unknown = try await app.call(.get, "/openapi/projects/project/detail?projectKey=nope")
            #expect(unknown.json["code"].int == 6073)
            #expect(unknown.status == .badRequest)
            let deleteUnknown = try await app.call(.delete, "/openapi/projects/project?projectKey=nope&isDelete=false")
            #expect(deleteUnknown.json["code"].int == 6063)
            let badFlag = try await app.call(.delete, "/openapi/projects/project?projectKey=nope&isDelete=maybe")
            #expect(badFlag.json["description"].string == "isDelete must be true or false")
            let badPage = try await app.call(.get, "/openapi/projects/project?pageSize=abc")
            #expect(badPage.json["description"].string == "pageSize must be an integer")
            let zeroPage = try await app.call(.get, "/openapi/projects/project?pageNum=0")
            #expect(zeroPage.status == .badRequest)
            let unknownRoute = try await app.call(.get, "/openapi/no/such/route")
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.json["message"].string == "Request Not Found")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func oversizedBodyIsRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let huge =
                #"{"project_name":""# + String(repeating: "x", count: 9 * 1024 * 1024) + #"","project_key":"big","is_public":true,"project_type":"yaml"}"#
            let reply = try await app.call(.post, "/openapi/projects/project", body: huge)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.json["code"].int == 413)
            #expect(reply.json["type"].string == "error")
            #expect(try await app.store.projects.get(key: "big") == nil)
        }
    }
}
