import Foundation
import HTTPTypes
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Zadig §5 builds: create (full body and from a template), list, detail, update, delete; the
/// credential parameter sealed at rest and blank in answers; bad calls in Zadig's envelope;
/// who may do what.
@Suite struct BuildAPITests {
    static func body(_ name: String = "api-build", project: String = "demo", token: String = "s3cret-token", script: String = "make all") -> String {
        """
        {"name":"\(name)","project_key":"\(project)","target_services":[{"service_name":"web","service_module":"web"}],
         "repo_info":[{"codehost_name":"here","repo_namespace":"demo","repo_name":"app","branch":"main"}],
         "build_script":\(Harness.jsonString(script)),"script_type":"shell",
         "parameters":[{"key":"GREETING","value":"hi","type":"string"},{"key":"TOKEN","value":"\(token)","type":"string","is_credential":true}],
         "advanced_settings":{"timeout":30},"build_os":"focal"}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func createListDetailUpdateDelete(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let created = try await app.call(.post, "/openapi/build", body: Self.body())
            #expect(created.status == .ok, "\(created.text)")
            #expect(created.json == JSON(#"{"message":"success"}"#))

            let list = try await app.call(.get, "/openapi/build?projectKey=demo")
            #expect(list.json["total"].int == 1)
            #expect(list.json["builds"][0]["name"].string == "api-build")
            #expect(list.json["builds"][0]["source"].string == "zadig")
            #expect(list.json["builds"][0]["update_by"].string == "admin")
            #expect(list.json["builds"][0]["target_services"][0]["service_module"].string == "web")

            let detail = try await app.call(.get, "/openapi/build/api-build/detail?projectKey=demo")
            #expect(detail.status == .ok, "\(detail.text)")
            #expect(detail.json["build_script"].string == "make all")
            #expect(detail.json["advanced_settings"]["timeout"].int == 30)
            #expect(detail.json["repos"][0]["repo_owner"].string == "demo")
            #expect(detail.json["repos"][0]["remote_name"].string == "origin")
            #expect(detail.json["parameters"][0]["value"].string == "hi")
            #expect(detail.json["parameters"][1]["is_credential"].bool == true)
            #expect(detail.json["parameters"][1]["value"].string == "")
            #expect(!detail.text.contains("s3cret-token"))

            // Sealed at rest.
            let document = try await app.store.sql.read { db in
                try await db.select().column("document").from("zadig_builds").first(decodingColumn: "document", as: String.self)
            }
            #expect(document?.contains("s3cret-token") == false)
            #expect(document?.contains(SecretBox.prefix) == true)

            // An update sending the credential blank keeps it; other fields change.
            let updated = try await app.call(.put, "/openapi/build", body: Self.body(token: "", script: "make release"))
            #expect(updated.status == .ok, "\(updated.text)")
            let stored = try #require(try await app.store.quality.get(BuildDefinition.self, project: "demo", name: "api-build"))
            #expect(stored.script == "make release")
            #expect(stored.parameters.first { $0.key == "TOKEN" }?.value == "s3cret-token")

            // From a team build template: its branch and inputs replaced.
            #expect(try await app.call(.post, "/api/aslan/template/build", body: Self.body()).status == .ok)
            let templated = try await app.call(
                .post, "/openapi/build?source=template",
                body: """
                    {"name":"from-template","project_key":"demo","template_name":"api-build",
                     "target_services":[{"service_name":"api","service_module":"api","repo_info":[{"repo_name":"app","branch":"dev"}],
                       "inputs":[{"key":"GREETING","value":"hello"}]}]}
                    """)
            #expect(templated.status == .ok, "\(templated.text)")
            let copy = try await app.call(.get, "/openapi/build/from-template/detail?projectKey=demo").json
            #expect(copy["template_name"].string == "api-build")
            #expect(copy["repos"][0]["branch"].string == "dev")
            #expect(copy["parameters"][0]["value"].string == "hello")
            #expect(copy["target_services"][0]["service_name"].string == "api")
            #expect(try await app.call(.get, "/openapi/build?projectKey=demo&pageSize=1&pageNum=2").json["builds"][0]["name"].string == "from-template")

            let deleted = try await app.call(.delete, "/openapi/build?name=api-build&projectKey=demo")
            #expect(deleted.json == JSON(#"{"message":"success"}"#))
            let gone = try await app.call(.get, "/openapi/build/api-build/detail?projectKey=demo")
            #expect(gone.status == .notFound)
            #expect(gone.json["type"].string == "error")
            #expect(gone.json["description"].string == "build api-build not found in project demo")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAnswerInZadigsEnvelope(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            func expect400(_ reply: Reply, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == .badRequest, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["code"].int == 400, sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            expect400(try await app.call(.get, "/openapi/build"), "projectKey is required")
            expect400(try await app.call(.get, "/openapi/build/x/detail"), "empty projectKey.")
            expect400(try await app.call(.get, "/openapi/build?projectKey=demo&pageSize=0"), "pageSize must be between 1 and 1000")
            expect400(try await app.call(.delete, "/openapi/build?projectKey=demo"), "name is required")
            expect400(try await app.call(.post, "/openapi/build", body: "[]"), "the body must be a JSON object")
            expect400(try await app.call(.post, "/openapi/build", body: #"{"name":"b","project_key":"demo","parameters":{}}"#), "parameters: expected an array")
            expect400(
                try await app.call(.post, "/openapi/build", body: #"{"name":"b","project_key":"demo","parameters":[{"key":"1X","value":""}]}"#),
                #"parameter key "1X" must be letters, digits and '_', not starting with a digit"#)
            expect400(
                try await app.call(.post, "/openapi/build", body: #"{"name":"b","project_key":"demo","script_type":"powershell"}"#),
                "script_type: script type powershell is not supported (shell)")
            expect400(
                try await app.call(.post, "/openapi/build", body: #"{"name":"b c","project_key":"demo"}"#), "build name must be 1-64 letters, digits or '-'")
            expect400(try await app.call(.post, "/openapi/build", body: #"{"name":"b"}"#), "project_key is required")
            expect400(
                try await app.call(.post, "/openapi/build?source=template", body: #"{"name":"b","project_key":"demo","target_services":[{}]}"#),
                "template_name is required")
            #expect(try await app.call(.post, "/openapi/build", body: Self.body()).status == .ok)
            expect400(try await app.call(.post, "/openapi/build", body: Self.body()), "build api-build already exists in project demo")
            let unknownProject = try await app.call(.post, "/openapi/build", body: Self.body(project: "nope"))
            #expect(unknownProject.status == .notFound)
            #expect(unknownProject.json["description"].string == "project nope not found")
            let missingTemplate = try await app.call(
                .post, "/openapi/build?source=template",
                body: #"{"name":"b","project_key":"demo","template_name":"none","target_services":[{"service_name":"s","service_module":"s"}]}"#)
            #expect(missingTemplate.status == .notFound)
            let unknownUpdate = try await app.call(.put, "/openapi/build", body: Self.body("other"))
            #expect(unknownUpdate.status == .notFound)
            #expect(unknownUpdate.json["code"].int == 404)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func permissions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/build", body: Self.body()).status == .ok)
            let reader = try await app.makeMember("reader")
            let writer = try await app.makeMember("writer", actions: ["get_build", "create_build", "edit_build", "delete_build"])
            let (_, outsider) = try await app.makeUser("outsider")

            #expect(try await app.call(.get, "/openapi/build?projectKey=demo", as: reader).json["total"].int == 1)
            #expect(try await app.call(.get, "/openapi/build/api-build/detail?projectKey=demo", as: reader).status == .ok)
            for token in [reader, outsider] {
                let refused = try await app.call(.post, "/openapi/build", as: token, body: Self.body("mine"))
                #expect(refused.status == .forbidden)
                #expect(refused.text.isEmpty)
                #expect(try await app.call(.put, "/openapi/build", as: token, body: Self.body()).status == .forbidden)
                #expect(try await app.call(.delete, "/openapi/build?name=api-build&projectKey=demo", as: token).status == .forbidden)
            }
            #expect(try await app.call(.get, "/openapi/build?projectKey=demo", as: outsider).status == .forbidden)
            #expect(try await app.call(.get, "/openapi/build/api-build/detail?projectKey=demo", as: outsider).status == .forbidden)

            #expect(try await app.call(.post, "/openapi/build", as: writer, body: Self.body("mine")).status == .ok)
            #expect(try await app.call(.put, "/openapi/build", as: writer, body: Self.body("mine", script: "x")).status == .ok)
            #expect(try await app.call(.delete, "/openapi/build?name=mine&projectKey=demo", as: writer).status == .ok)

            for (method, uri) in [
                (HTTPRequest.Method.get, "/openapi/build?projectKey=demo"), (.get, "/openapi/build/api-build/detail?projectKey=demo"),
                (.post, "/openapi/build"), (.put, "/openapi/build"), (.delete, "/openapi/build?name=api-build&projectKey=demo"),
            ] {
                let anonymous = try await app.call(method, uri, auth: .anonymous, body: method == .get || method == .delete ? nil : Self.body())
                #expect(anonymous.status == .unauthorized, "\(uri)")
            }
        }
    }
}
