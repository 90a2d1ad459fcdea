import Foundation
import HTTPTypes
import SQLKit
import SlipwayCore
import SlipwayStore
import SlipwayTestSupport
import Testing

/// Issue 15 point 3: team build templates (`/api/aslan/template/build`) and builds made from
/// them (`POST /openapi/build?source=template`), run in a workflow; credentials sealed at rest and
/// never answered or logged; who may do what; bad calls in Zadig's envelope.
@Suite struct BuildTemplateAPITests {
    /// Checks the credential without naming it (the script is not a secret).
    static let script = """
        cat app/app.txt
        echo "greeting=$GREETING module=$SERVICE_MODULE branch=$app_BRANCH"
        test "${TOKEN%-9}" = tmpl-s3cret && echo token-ok
        """

    static func body(_ name: String = "go-build", repo: String = "file:///nowhere", token: String = "tmpl-s3cret-9", script: String? = nil) -> String {
        """
        {"name":"\(name)","repos":[{"repo_name":"app","url":"\(repo)","branch":"main"}],
         "build_script":\(Harness.jsonString(script ?? Self.script)),
         "parameters":[{"key":"GREETING","value":"hi"},{"key":"TOKEN","value":"\(token)","is_credential":true},
                      {"key":"PAYLOAD","value":"","is_credential":true}],
         "advanced_settings":{"timeout":15},"outputs":[{"name":"IMAGE"}]}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func templateToBuildToRun(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let (repo, _) = try await QualityWorkflowTests.makeRepository(app)
            let directory = String(repo.dropFirst(7))
            try await runGit(["checkout", "-q", "-b", "feature"], in: directory)
            try "v2\n".write(toFile: directory + "/app.txt", atomically: true, encoding: .utf8)
            try await runGit(["commit", "-qam", "two"], in: directory)
            try await runGit(["checkout", "-q", "main"], in: directory)

            let created = try await app.call(.post, "/api/aslan/template/build", body: Self.body(repo: repo))
            #expect(created.json == JSON(#"{"message":"success"}"#), "\(created.text)")
            let (_, outsider) = try await app.makeUser("outsider")
            let list = try await app.call(.get, "/api/aslan/template/build?pageNum=1&pageSize=10", as: outsider)
            #expect(list.json["total"].int == 1, "\(list.text)")
            #expect(list.json["build_templates"][0]["name"].string == "go-build")
            let id = try #require(list.json["build_templates"][0]["id"].string)
            let detail = try await app.call(.get, "/api/aslan/template/build/\(id)", as: outsider)
            #expect(detail.json["name"].string == "go-build", "\(detail.text)")
            #expect(detail.json["id"].string == id)
            #expect(detail.json["timeout"].int == 15)
            #expect(detail.json["advanced_settings"]["timeout"].int == 15)
            #expect(detail.json["outputs"][0]["name"].string == "IMAGE")
            #expect(detail.json["repos"][0]["branch"].string == "main")
            #expect(detail.json["parameters"][1]["is_credential"].bool == true)
            #expect(detail.json["parameters"][1]["value"].string == "")
            #expect(detail.json["pre_build"]["envs"][1]["value"].string == "")
            #expect(detail.json["scripts"].string == detail.json["build_script"].string)
            #expect(!detail.text.contains("tmpl-s3cret-9"))
            let document = try await app.store.sql.read { db in
                try await db.select().column("document").from("zadig_build_templates").first(decodingColumn: "document", as: String.self)
            }
            #expect(document?.contains("tmpl-s3cret-9") == false)
            #expect(document?.contains(SecretBox.prefix) == true)

            // An update sending the credential blank keeps it.
            let updated = try await app.call(.put, "/api/aslan/template/build/\(id)", body: Self.body(repo: repo, token: ""))
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(try await app.store.quality.buildTemplate(named: "go-build")?.build.parameters[1].value == "tmpl-s3cret-9")

            let templated = try await app.call(
                .post, "/openapi/build?source=template",
                body: """
                    {"name":"web-build","project_key":"demo","template_name":"go-build",
                     "target_services":[{"service_name":"web","service_module":"web","repo_info":[{"repo_name":"app","branch":"feature"}],
                       "inputs":[{"key":"GREETING","value":"hello"},{"key":"PAYLOAD","value":"input-secret-5"}]}]}
                    """)
            #expect(templated.json == JSON(#"{"message":"success"}"#), "\(templated.text)")
            let build = try await app.call(.get, "/openapi/build/web-build/detail?projectKey=demo").json
            #expect(build["template_name"].string == "go-build", "\(build)")
            #expect(build["project_key"].string == "demo")
            #expect(build["repos"][0]["branch"].string == "feature")
            #expect(build["parameters"][0]["value"].string == "hello")
            #expect(build["parameters"][1]["value"].string == "")
            #expect(build["parameters"][2]["value"].string == "")
            #expect(!"\(build)".contains("input-secret-5") && !"\(build)".contains("tmpl-s3cret-9"))
            let copy = try #require(try await app.store.quality.get(BuildDefinition.self, project: "demo", name: "web-build"))
            #expect(copy.parameters.map(\.value) == ["hello", "tmpl-s3cret-9", "input-secret-5"])
            #expect(build["target_services"][0]["service_module"].string == "web")
            #expect(build["outputs"][0]["name"].string == "IMAGE")

            let job =
                #"{"name":"build","type":"zadig-build","spec":{"service_and_builds":[{"service_name":"web","service_module":"web","build_name":"web-build"}]}}"#
            try await app.makeWorkflow("templated", stages: [Harness.stage("s", jobs: [job])])
            let run = try await app.run("templated")
            let done = try await app.waitFor("templated", run, seconds: 60)
            #expect(done["status"].string == "passed", "\(done)")
            let log = try await app.log("templated", run, job: "build")
            #expect(log.contains("v2"), "\(log)")
            #expect(log.contains("greeting=hello module=web branch=feature"), "\(log)")
            #expect(log.contains("token-ok"), "\(log)")
            #expect(!log.contains("tmpl-s3cret-9"))

            let logs = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=50")
            #expect(logs.json["operation_logs"].array.contains { $0["function"].string == "模板-构建" && $0["detail"].string == "go-build" })
            #expect(StoredText.leaked(["tmpl-s3cret-9", "input-secret-5"], in: logs.text) == [])
            let stored = try await app.store.operationLogs.list(OperationLogQuery(page: 1, perPage: 50))
            #expect(StoredText.leaked(["tmpl-s3cret-9", "input-secret-5"], in: "\(stored.items)") == [])

            // As in Zadig, a template a build was made from stays until that build is gone.
            let inUse = try await app.call(.delete, "/api/aslan/template/build/\(id)")
            #expect(inUse.status == .badRequest, "\(inUse.text)")
            #expect(inUse.json["description"].string == "template build has been used by 1 build(s), can't be deleted", "\(inUse.text)")
            #expect(try await app.call(.get, "/api/aslan/template/build/\(id)").status == .ok)
            #expect(try await app.call(.delete, "/openapi/build?name=web-build&projectKey=demo").status == .ok)
            #expect(try await app.call(.delete, "/api/aslan/template/build/\(id)").json == JSON(#"{"message":"success"}"#))
            let gone = try await app.call(.get, "/api/aslan/template/build/\(id)")
            #expect(gone.status == .notFound)
            #expect(gone.json["description"].string == "build template \(id) not found")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func refusals(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["code"].int == Int(status.code), sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            let path = "/api/aslan/template/build"
            #expect(try await app.call(.post, path, body: Self.body()).status == .ok)
            let id = try #require(try await app.call(.get, path).json["build_templates"][0]["id"].string)
            expect(try await app.call(.post, path, body: Self.body()), .badRequest, "build template go-build already exists")
            expect(try await app.call(.post, path, body: "[]"), .badRequest, "the body must be a JSON object")
            expect(try await app.call(.post, path, body: #"{"build_script":"make"}"#), .badRequest, "build template name must be 1 to 64 characters")
            expect(try await app.call(.post, path, body: #"{"name":"p","parameters":{}}"#), .badRequest, "parameters: expected an array")
            expect(
                try await app.call(.post, path, body: Self.body("big", script: String(repeating: "x", count: BuildTemplate.maxScriptBytes + 1))),
                .badRequest, "the build script must be at most \(BuildTemplate.maxScriptBytes) bytes")
            expect(
                try await app.call(.post, path, body: #"{"name":"j","source":"jenkins"}"#), .badRequest,
                "build source jenkins is not supported (only zadig script builds run here)")
            expect(try await app.call(.put, "\(path)/\(id)", body: #"{"name":""}"#), .badRequest, "build template name must be 1 to 64 characters")
            #expect(try await app.call(.post, path, body: Self.body("other")).status == .ok)
            expect(try await app.call(.put, "\(path)/\(id)", body: Self.body("other")), .badRequest, "build template other already exists")
            expect(try await app.call(.put, "\(path)/999", body: Self.body("third")), .notFound, "build template 999 not found")
            expect(try await app.call(.get, "\(path)/abc"), .notFound, "build template abc not found")
            expect(try await app.call(.delete, "\(path)/999"), .notFound, "build template 999 not found")
            expect(
                try await app.call(
                    .post, "/openapi/build?source=template",
                    body: #"{"name":"b","project_key":"demo","template_name":"none","target_services":[{"service_name":"s","service_module":"s"}]}"#),
                .notFound, "build template none not found")

            // Only system administrators write templates; any signed-in user reads them; nobody without a token.
            let member = try await app.makeMember("member", actions: ["get_build", "create_build", "edit_build", "delete_build"])
            let (_, outsider) = try await app.makeUser("outsider")
            for token in [member, outsider] {
                let refused = try await app.call(.post, path, as: token, body: Self.body("mine"))
                #expect(refused.status == .forbidden)
                #expect(refused.text.isEmpty)
                #expect(try await app.call(.put, "\(path)/\(id)", as: token, body: Self.body()).status == .forbidden)
                #expect(try await app.call(.delete, "\(path)/\(id)", as: token).status == .forbidden)
                #expect(try await app.call(.get, "\(path)/\(id)", as: token).status == .ok)
            }
            // A project member with create_build makes a build from a template.
            let made = try await app.call(
                .post, "/openapi/build?source=template", as: member,
                body: #"{"name":"b","project_key":"demo","template_name":"go-build","target_services":[{"service_name":"s","service_module":"s"}]}"#)
            #expect(made.status == .ok, "\(made.text)")
            #expect(try await app.store.quality.buildTemplate(named: "mine") == nil)
            for (method, uri) in [
                (HTTPRequest.Method.get, path), (.get, "\(path)/\(id)"), (.post, path), (.put, "\(path)/\(id)"), (.delete, "\(path)/\(id)"),
            ] {
                let anonymous = try await app.call(method, uri, auth: .anonymous, body: method == .get || method == .delete ? nil : Self.body())
                #expect(anonymous.status == .unauthorized, "\(uri)")
            }
        }
    }

    /// `GET /api/aslan/template/build/:id/reference`: the builds made from the template, of the
    /// projects where the caller may read builds (administrators: all), in project and name order.
    @Test(arguments: StoreKind.enabled)
    func referencesListTheBuildsOfReadableProjects(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            try await app.makeProject("other")
            #expect(try await app.call(.post, "/api/aslan/template/build", body: Self.body()).status == .ok)
            let id = try #require(try await app.call(.get, "/api/aslan/template/build").json["build_templates"][0]["id"].string)
            for (project, name) in [("other", "api-build"), ("demo", "web-build")] {
                let made = try await app.call(
                    .post, "/openapi/build?source=template",
                    body: """
                        {"name":"\(name)","project_key":"\(project)","template_name":"go-build",
                         "target_services":[{"service_name":"web","service_module":"web"},{"service_name":"web","service_module":"web-worker"}]}
                        """)
                #expect(made.status == .ok, "\(made.text)")
            }
            // A build not made from the template is not listed.
            #expect(try await app.call(.post, "/openapi/build", body: BuildAPITests.body()).status == .ok)
            let reference = "/api/aslan/template/build/\(id)/reference"
            let demo = #"{"build_name":"web-build","project_name":"demo","service_module":["web","web-worker"]}"#
            let other = #"{"build_name":"api-build","project_name":"other","service_module":["web","web-worker"]}"#
            #expect(try await app.call(.get, reference).json == JSON("[\(demo),\(other)]"))
            let reader = try await app.makeMember("reader")
            #expect(try await app.call(.get, reference, as: reader).json == JSON("[\(demo)]"))
            let (_, outsider) = try await app.makeUser("outsider")
            let none = try await app.call(.get, reference, as: outsider)
            #expect(none.status == .ok && none.text == "[]", "\(none.text)")
            #expect(try await app.call(.get, reference, auth: .anonymous).status == .unauthorized)
            #expect(try await app.call(.get, "/api/aslan/template/build/12345/reference").status == .notFound)

            // Renamed, the template keeps its builds (Zadig refers to templates by id); their
            // credential parameters stay sealed and usable.
            #expect(try await app.call(.put, "/api/aslan/template/build/\(id)", body: Self.body("go-build-v2", token: "")).status == .ok)
            #expect(try await app.call(.get, reference).json == JSON("[\(demo),\(other)]"))
            let detail = try await app.call(.get, "/openapi/build/web-build/detail?projectKey=demo").json
            #expect(detail["template_name"].string == "go-build-v2", "\(detail)")
            let sealed = try #require(try await app.store.quality.get(BuildDefinition.self, project: "demo", name: "web-build"))
            #expect(sealed.parameters.first { $0.key == "TOKEN" }?.value == "tmpl-s3cret-9")
            #expect(try await app.call(.delete, "/api/aslan/template/build/\(id)").status == .badRequest, "still in use")
        }
    }
}
