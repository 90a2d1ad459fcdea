import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Slipway's team CI build templates (`/api/slipway/ci/templates`), the source of CODING's
/// CreateCodingCIJobByTeamTemplate: administrators write them, signed-in users read them,
/// sensitive values are sealed and never answered; bad input in Zadig's envelope.
@Suite struct CITemplateAdminTests {
    static let jenkinsfile = "pipeline {\n  agent any\n  stages { stage('b') { steps { sh 'echo $GREETING' } } }\n}"

    static func body(_ name: String = "team", jenkinsfile: String = jenkinsfile, env: String? = nil) -> String {
        let env = env ?? #"[{"name":"GREETING","value":"hi"},{"name":"TOKEN","value":"t0p-s3cret","sensitive":true}]"#
        return #"{"name":"\#(name)","description":"d","jenkinsfile":\#(Harness.jsonString(jenkinsfile)),"env":\#(env)}"#
    }

    @Test(arguments: StoreKind.enabled)
    func administratorsKeepTemplatesEveryoneReadsThem(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let created = try await app.call(.post, "/api/slipway/ci/templates", body: Self.body())
            #expect(created.status == .ok, "\(created.text)")
            let id = try #require(created.json["id"].int)
            #expect(created.json["name"].string == "team" && created.json["created_by"].string == "admin")
            #expect(created.json["env"][1]["sensitive"].bool == true && created.json["env"][1]["value"].string == "")
            #expect(!created.text.contains("t0p-s3cret"))
            let (_, userToken) = try await app.makeUser("dev")
            let list = try await app.call(.get, "/api/slipway/ci/templates", as: userToken)
            #expect(list.json["total"].int == 1 && list.json["list"][0]["id"].int == id, "\(list.text)")
            let detail = try await app.call(.get, "/api/slipway/ci/templates/\(id)", as: userToken)
            #expect(detail.json["jenkinsfile"].string == Self.jenkinsfile)
            #expect(!list.text.contains("t0p-s3cret") && !detail.text.contains("t0p-s3cret"))
            // Sealed at rest, opened for the jobs made from it.
            let stored = try #require(try await app.store.ci.template(id: Int64(id)))
            #expect(stored.secrets == ["TOKEN": "t0p-s3cret"])
            // Writes are the administrators'.
            let refused = try await app.call(.post, "/api/slipway/ci/templates", as: userToken, body: Self.body("mine"))
            #expect(refused.status == .forbidden)
            #expect(try await app.call(.delete, "/api/slipway/ci/templates/\(id)", as: userToken).status == .forbidden)
            for (method, uri) in [
                (HTTPRequest.Method.get, "/api/slipway/ci/templates"), (.get, "/api/slipway/ci/templates/\(id)"),
                (.post, "/api/slipway/ci/templates"), (.delete, "/api/slipway/ci/templates/\(id)"),
            ] {
                #expect(try await app.call(method, uri, auth: .anonymous, body: method == .post ? Self.body("x") : nil).status == .unauthorized)
            }
            #expect(try await app.call(.delete, "/api/slipway/ci/templates/\(id)").json == JSON(#"{"message":"success"}"#))
            #expect(try await app.call(.get, "/api/slipway/ci/templates/\(id)").status == .notFound)
        }
    }

    /// The operation log keeps the call without the values of sensitive variables (`sensitive: true`)
    /// or of variables whose name looks secret; the other values stay readable.
    @Test(arguments: StoreKind.enabled)
    func theOperationLogHidesSensitiveValues(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let env = """
                [{"name":"GREETING","value":"hi"},{"name":"DEPLOY_KEY","value":"oplog-tmpl-sensitive","sensitive":true},
                 {"name":"API_TOKEN","value":"oplog-tmpl-named"}]
                """
            let created = try await app.call(.post, "/api/slipway/ci/templates", body: Self.body("logged", env: env))
            #expect(created.status == .ok, "\(created.text)")
            let logs = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=20")
            #expect(StoredText.leaked(["oplog-tmpl-sensitive", "oplog-tmpl-named"], in: logs.text) == [])
            let entry = try #require(
                logs.json["operation_logs"].array.first { $0["function"].string == "团队构建模版" && $0["detail"].string == "logged" },
                "\(logs.text)")
            let body = JSON(entry["request_body"].string ?? "")
            #expect(body["env"][0]["value"].string == "hi", "\(body)")
            #expect(body["env"][1]["value"].string == "***" && body["env"][1]["name"].string == "DEPLOY_KEY")
            #expect(body["env"][2]["value"].string == "***")
            let stored = try await app.store.operationLogs.list(OperationLogQuery(page: 1, perPage: 50))
            #expect(StoredText.leaked(["oplog-tmpl-sensitive", "oplog-tmpl-named"], in: "\(stored.items)") == [])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badTemplatesAreRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            #expect(try await app.call(.post, "/api/slipway/ci/templates", body: Self.body()).status == .ok)
            let cases: [(String, HTTPResponse.Status, String?)] = [
                ("{", .badRequest, "malformed JSON body"),
                (#"{"name":"x"}"#, .badRequest, nil),
                (Self.body(" "), .badRequest, "name must be 1 to 100 characters"),
                (Self.body("s", jenkinsfile: "pipeline {"), .badRequest, nil),
                (Self.body("s", env: #"[{"name":"1bad","value":"v"}]"#), .badRequest, "EnvList name 1bad is not a valid variable name"),
                (Self.body("team"), .badRequest, "CI template team already exists"),
            ]
            for (body, status, description) in cases {
                let reply = try await app.call(.post, "/api/slipway/ci/templates", body: body)
                #expect(reply.status == status, "\(body): \(reply.text)")
                #expect(reply.json["type"].string == "error" && reply.json["extra"].exists, "\(reply.text)")
                if let description { #expect(reply.json["description"].string == description, "\(reply.text)") }
            }
            let unparsed = try await app.call(.post, "/api/slipway/ci/templates", body: Self.body("s", jenkinsfile: "pipeline {"))
            #expect(unparsed.json["description"].string?.hasPrefix("jenkinsfile: ") == true, "\(unparsed.text)")
            #expect(try await app.call(.get, "/api/slipway/ci/templates/x").status == .badRequest)
            #expect(try await app.call(.delete, "/api/slipway/ci/templates/77").status == .notFound)
            #expect(try await app.call(.get, "/api/slipway/ci/templates").json["total"].int == 1, "nothing else was stored")
        }
    }
}
