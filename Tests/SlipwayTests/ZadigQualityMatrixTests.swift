import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Issue 15 audit, Zadig §5–7: every route of builds, team build templates, tests (with the
/// flaky lists) and code scans, on both stores: a valid call in Zadig's shape, a bad call in
/// Zadig's error envelope with nothing stored changed, and calls without a token, as a non-member
/// and as a read-only member; the operation log holds one entry per change call and none for a
/// read (`ZadigRouteMatrix`).
@Suite struct ZadigQualityMatrixTests {
    static let testBody = TestingAPITests.body(script: QualityWorkflowTests.testScript)
    static let scanBody = CodeScanAPITests.body("lint", script: "echo 'issues: 0' > report.txt")
    static let fromTemplate = """
        {"name":"{NEWBUILD}","project_key":"demo","template_name":"go-build",
         "target_services":[{"service_name":"api","service_module":"api","repo_info":[],"inputs":[{"key":"GREETING","value":"hey"}]}]}
        """

    /// In an order where each valid call leaves what the next needs. Ids: `TPL` the fixture's
    /// template, `TPL2` one the matrix makes, `ADMIN` the administrator's token.
    static let cases: [ZadigRouteCase] = [
        ZadigRouteCase(
            "POST /openapi/build", "/openapi/build", body: BuildAPITests.body("made"), bad: "/openapi/build", badBody: #"{"name":"b c","project_key":"demo"}"#,
            400, "build name must be 1-64 letters, digits or '-'", .write),
        ZadigRouteCase(
            "POST /openapi/build", "/openapi/build?source=template", body: fromTemplate.replacingOccurrences(of: "{NEWBUILD}", with: "templated"),
            bad: "/openapi/build?source=template",
            badBody: fromTemplate.replacingOccurrences(of: "go-build", with: "none").replacingOccurrences(of: "{NEWBUILD}", with: "b"), 404,
            "build template none not found", .write),
        ZadigRouteCase(
            "GET /openapi/build", "/openapi/build?projectKey=demo", bad: "/openapi/build?projectKey=demo&pageSize=0", 400,
            "pageSize must be between 1 and 1000", .read, keys: ["total", "builds"], seconds: ["builds.0.update_time"]),
        ZadigRouteCase(
            "GET /openapi/build/{buildName}/detail", "/openapi/build/api-build/detail?projectKey=demo", bad: "/openapi/build/api-build/detail", 400,
            "empty projectKey.", .read,
            keys: [
                "project_key", "name", "source", "target_services", "template_name", "update_by", "update_time", "repos", "build_env",
                "advanced_settings", "build_script", "parameters", "outputs", "post_build",
            ], seconds: ["update_time"]),
        ZadigRouteCase(
            "PUT /openapi/build", "/openapi/build", body: BuildAPITests.body(token: "", script: "make release"), bad: "/openapi/build",
            badBody: BuildAPITests.body("other"), 404, "build other not found in project demo", .write),
        ZadigRouteCase(
            "DELETE /openapi/build", "/openapi/build?name=made&projectKey=demo", bad: "/openapi/build?projectKey=demo", 400, "name is required", .write),

        ZadigRouteCase(
            "POST /api/aslan/template/build", "/api/aslan/template/build", body: BuildTemplateAPITests.body("second"), bad: "/api/aslan/template/build",
            badBody: "[]", 400, "the body must be a JSON object", .write),
        ZadigRouteCase(
            "GET /api/aslan/template/build", "/api/aslan/template/build?pageNum=1&pageSize=10", bad: "/api/aslan/template/build?pageSize=0", 400,
            "pageSize must be between 1 and 1000", .open, keys: ["build_templates", "total"]),
        ZadigRouteCase(
            "GET /api/aslan/template/build/{id}", "/api/aslan/template/build/{TPL}", bad: "/api/aslan/template/build/abc", 404,
            "build template abc not found", .open, keys: ["id", "name", "build_script", "parameters", "repos", "advanced_settings"]),
        ZadigRouteCase(
            "GET /api/aslan/template/build/{id}/reference", "/api/aslan/template/build/{TPL}/reference", bad: "/api/aslan/template/build/999/reference",
            404, "build template 999 not found", .open, keys: ["[]"], caller: "ADMIN"),
        ZadigRouteCase(
            "PUT /api/aslan/template/build/{id}", "/api/aslan/template/build/{TPL}", body: BuildTemplateAPITests.body(token: ""),
            bad: "/api/aslan/template/build/999", badBody: BuildTemplateAPITests.body("third"), 404, "build template 999 not found", .write),
        ZadigRouteCase(
            "DELETE /api/aslan/template/build/{id}", "/api/aslan/template/build/{TPL2}", bad: "/api/aslan/template/build/999", 404,
            "build template 999 not found", .write),

        ZadigRouteCase(
            "POST /openapi/quality/testing", "/openapi/quality/testing", body: TestingAPITests.body("mine"), bad: "/openapi/quality/testing",
            badBody: TestingAPITests.body("mine", resultPath: "../etc"), 400, "the report directory must be a relative path inside the workspace", .write),
        ZadigRouteCase(
            "GET /openapi/quality/testing", "/openapi/quality/testing?projectKey=demo", bad: "/openapi/quality/testing", 400, "projectKey is required",
            .read, keys: ["total", "tests"], seconds: ["tests.0.update_time"]),
        ZadigRouteCase(
            "GET /openapi/quality/testing/{testName}", "/openapi/quality/testing/unit?projectKey=demo", bad: "/openapi/quality/testing/unit", 400,
            "projectKey is required", .read, keys: ["name", "project_key", "script", "parameters", "test_result_path"]),
        ZadigRouteCase(
            "PUT /openapi/quality/testing/{testName}", "/openapi/quality/testing/unit", body: testBody, bad: "/openapi/quality/testing/other",
            badBody: testBody, 400, "name unit does not match the path (other)", .write),
        ZadigRouteCase(
            "POST /openapi/quality/testing/task", "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"unit"}"#,
            bad: "/openapi/quality/testing/task", badBody: #"{"project_key":"demo","test_name":"none"}"#, 404, "test none not found in project demo",
            .write, keys: ["task_id"]),
        ZadigRouteCase(
            "GET /openapi/quality/testing/{testName}/task/{taskID}", "/openapi/quality/testing/unit/task/1?projectKey=demo",
            bad: "/openapi/quality/testing/unit/task/x?projectKey=demo", 400, "taskID must be an integer", .read,
            keys: ["test_name", "task_id", "creator", "create_time", "start_time", "end_time", "status", "test_report"],
            seconds: ["create_time", "start_time", "end_time"]),
        ZadigRouteCase(
            "GET /openapi/quality/testing/{testName}/flaky", "/openapi/quality/testing/unit/flaky?projectKey=demo",
            bad: "/openapi/quality/testing/none/flaky?projectKey=demo", 404, "test none not found in project demo", .read, keys: ["flaky_tests"]),
        ZadigRouteCase(
            "GET /openapi/quality/flaky", "/openapi/quality/flaky?projectKey=demo", bad: "/openapi/quality/flaky", 400, "projectKey is required", .read,
            keys: ["flaky_tests"]),
        ZadigRouteCase(
            "DELETE /openapi/quality/testing/{testName}", "/openapi/quality/testing/mine?projectKey=demo",
            bad: "/openapi/quality/testing/none?projectKey=demo", 404, "test none not found in project demo", .write),

        ZadigRouteCase(
            "POST /openapi/quality/codescan", "/openapi/quality/codescan", body: CodeScanAPITests.body("second", script: "true", gate: false),
            bad: "/openapi/quality/codescan", badBody: CodeScanAPITests.body("second", script: "x", scanner: "sonarQube"), 400,
            "scanner_type sonarQube is not supported: SonarQube cannot run here; use scanner_type other with a script", .write),
        ZadigRouteCase(
            "POST /openapi/quality/codescan/{scanName}/task", "/openapi/quality/codescan/lint/task?projectKey=demo", body: "{}",
            bad: "/openapi/quality/codescan/none/task?projectKey=demo", badBody: "{}", 404, "scan none not found in project demo", .write,
            keys: ["task_id"]),
        ZadigRouteCase(
            "GET /openapi/quality/codescan/{scanName}/task/{taskID}", "/openapi/quality/codescan/lint/task/1?projectKey=demo",
            bad: "/openapi/quality/codescan/lint/task/x?projectKey=demo", 400, "taskID must be an integer", .read,
            keys: ["scan_name", "creator", "task_id", "status", "create_time", "end_time", "result_link", "repo_info"],
            seconds: ["create_time", "end_time"]),
        ZadigRouteCase(
            "PUT /api/aslan/testing/scanning/{id}", "/api/aslan/testing/scanning/lint",
            body: scanBody.replacingOccurrences(of: #""project_key""#, with: #""project_name""#), bad: "/api/aslan/testing/scanning/lint", badBody: "{",
            400, "malformed JSON body", .write),
        ZadigRouteCase(
            "PUT /openapi/quality/codescan/{scanName}", "/openapi/quality/codescan/lint", body: scanBody, bad: "/openapi/quality/codescan/lint",
            badBody: CodeScanAPITests.body("other", script: "x"), 400, "name other does not match the path (lint)", .write),
        ZadigRouteCase(
            "DELETE /api/aslan/testing/scanning/{id}", "/api/aslan/testing/scanning/second?projectName=demo", bad: "/api/aslan/testing/scanning/second",
            400, "projectName is required", .write),
        ZadigRouteCase(
            "DELETE /openapi/quality/codescan/{scanName}", "/openapi/quality/codescan/lint?projectKey=demo",
            bad: "/openapi/quality/codescan/none?projectKey=demo", 404, "scan none not found in project demo", .write),
    ]

    @Test func everyRouteIsInTheMatrix() async throws {
        let routes = try await ZadigRouteMatrix.registeredRoutes(under: [
            "/openapi/build", "/api/aslan/template/build", "/openapi/quality", "/api/aslan/testing/scanning",
        ])
        #expect(routes == Set(Self.cases.map(\.route)))
        #expect(routes.count == 27)
    }

    /// Project demo with build `api-build`, template `go-build` and the build `from-template` made
    /// from it, test `unit` and scan `lint`, each run once to the end.
    static func fixture(_ app: Harness) async throws -> [String: String] {
        try await app.makeProject("demo")
        #expect(try await app.call(.post, "/openapi/build", body: BuildAPITests.body()).status == .ok)
        #expect(try await app.call(.post, "/api/aslan/template/build", body: BuildTemplateAPITests.body()).status == .ok)
        let made = try await app.call(.post, "/openapi/build?source=template", body: fromTemplate.replacingOccurrences(of: "{NEWBUILD}", with: "from-template"))
        #expect(made.status == .ok, "\(made.text)")
        let template = try #require(try await app.call(.get, "/api/aslan/template/build").json["build_templates"][0]["id"].string)
        #expect(try await app.call(.post, "/openapi/quality/testing", body: testBody).status == .ok)
        #expect(try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"unit"}"#).status == .ok)
        #expect(try await app.waitFor("zadig-testing-unit", 1, seconds: 60)["status"].string == "passed")
        #expect(try await app.call(.post, "/openapi/quality/codescan", body: scanBody).status == .ok)
        #expect(try await app.call(.post, "/openapi/quality/codescan/lint/task?projectKey=demo", body: "{}").status == .ok)
        #expect(try await CodeScanAPITests.waitForScan(app, "lint", 1)["status"].string == "passed")
        return ["TPL": template, "ADMIN": app.adminToken]
    }

    /// What the routes can change, read as the administrator.
    static func snapshot(_ app: Harness) async throws -> [JSON] {
        var reads: [JSON] = []
        for uri in [
            "/openapi/build?projectKey=demo&pageSize=100", "/openapi/build/api-build/detail?projectKey=demo",
            "/openapi/build/from-template/detail?projectKey=demo", "/api/aslan/template/build?pageSize=100", "/openapi/quality/testing?projectKey=demo",
            "/openapi/quality/testing/unit?projectKey=demo", "/openapi/quality/testing/unit/task/1?projectKey=demo",
            "/openapi/quality/testing/unit/task/2?projectKey=demo", "/openapi/quality/codescan/lint/task/1?projectKey=demo",
            "/openapi/quality/codescan/lint/task/2?projectKey=demo",
        ] {
            reads.append(try await app.call(.get, uri).json)
        }
        let scans = try await app.store.quality.list(ScanDefinition.self, project: "demo", page: 1, pageSize: 100).items
        reads.append(JSON(data: try JSONEncoder().encode(scans)))
        return reads
    }

    @Test(arguments: StoreKind.enabled)
    func eachRouteAnswersAValidCallInZadigsShape(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var ids = try await Self.fixture(app)
            let matrix = try await ZadigRouteMatrix.make(app)
            try await matrix.valid(Self.cases, ids: &ids) { c, reply, ids in
                switch c.route {
                case "POST /api/aslan/template/build":
                    let list = try await app.call(.get, "/api/aslan/template/build?pageSize=10").json["build_templates"].array
                    ids["TPL2"] = list.first { $0["name"].string == "second" }?["id"].string
                case "POST /openapi/quality/testing/task":
                    #expect(reply.json["task_id"].int == 2)
                    #expect(try await app.waitFor("zadig-testing-unit", 2, seconds: 60)["status"].string == "passed")
                case "POST /openapi/quality/codescan/{scanName}/task":
                    #expect(try await CodeScanAPITests.waitForScan(app, "lint", 2)["status"].string == "passed")
                case "GET /api/aslan/template/build/{id}/reference":
                    // The fixture's build and the one the matrix just made from the template, by name.
                    let made = #"[{"build_name":"from-template","project_name":"demo","service_module":["api"]},"#
                    #expect(reply.json == JSON(made + #"{"build_name":"templated","project_name":"demo","service_module":["api"]}]"#), "\(reply.text)")
                default: break
                }
            }
            // What the valid calls did.
            let builds = try await app.call(.get, "/openapi/build?projectKey=demo").json["builds"].array.compactMap { $0["name"].string }
            #expect(builds == ["api-build", "from-template", "templated"])
            #expect(try await app.store.quality.get(BuildDefinition.self, project: "demo", name: "api-build")?.script == "make release")
            #expect(try await app.store.quality.buildTemplate(named: "second") == nil)
            #expect(try await app.store.quality.get(TestDefinition.self, project: "demo", name: "mine") == nil)
            #expect(try await app.store.quality.list(ScanDefinition.self, project: "demo", page: 1, pageSize: 10).total == 0)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAnswerZadigsEnvelopeAndChangeNothing(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let ids = try await Self.fixture(app)
            let matrix = try await ZadigRouteMatrix.make(app)
            let before = try await Self.snapshot(app)
            try await matrix.bad(Self.cases, ids: ids)
            #expect(try await Self.snapshot(app) == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func eachRouteRefusesCallersWithoutPermission(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var ids = try await Self.fixture(app)
            ids["TPL2"] = ids["TPL"]
            let matrix = try await ZadigRouteMatrix.make(app)
            let before = try await Self.snapshot(app)
            try await matrix.refusals(Self.cases, ids: ids)
            #expect(try await Self.snapshot(app) == before, "a refused call changes nothing")
        }
    }
}
