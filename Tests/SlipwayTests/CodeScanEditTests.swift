import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Zadig code scan update and delete (`PUT /api/aslan/testing/scanning/:id`,
/// `DELETE /api/aslan/testing/scanning/:id?projectName=`, and Slipway's OpenAPI twins under
/// `/openapi/quality/codescan/:scanName`): the next run uses the new definition, a deleted scan
/// takes its runs along; bad input; `edit_scan` and `delete_scan`.
@Suite struct CodeScanEditTests {
    static func run(_ app: Harness, _ name: String) async throws -> JSON {
        let started = try await app.call(.post, "/openapi/quality/codescan/\(name)/task?projectKey=demo", body: "{}")
        #expect(started.status == .ok, "\(started.text)")
        return try await CodeScanAPITests.waitForScan(app, name, try #require(started.json["task_id"].int))
    }

    @Test(arguments: StoreKind.enabled)
    func anUpdatedScanRunsItsNewScriptAndADeletedOneIsGone(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/quality/codescan", body: CodeScanAPITests.body("lint", script: "echo v1 > report.txt")).status == .ok)
            #expect(try await Self.run(app, "lint")["report"].string == "v1\n")
            // Zadig's route: the internal body names the project `project_name`.
            let internalBody = CodeScanAPITests.body("lint", script: "echo v2 > report.txt", gate: false).replacingOccurrences(
                of: #""project_key""#, with: #""project_name""#)
            let updated = try await app.call(.put, "/api/aslan/testing/scanning/lint", body: internalBody)
            #expect(updated.json == JSON(#"{"message":"success"}"#), "\(updated.text)")
            var second = try await Self.run(app, "lint")
            #expect(second["task_id"].int == 2)
            #expect(second["report"].string == "v2\n")
            #expect(second["quality_gate"].string == "", "the gate was turned off")
            // The OpenAPI twin, with the name taken from the path.
            let twin = CodeScanAPITests.body("", script: "echo v3 > report.txt").replacingOccurrences(of: #""name":"","#, with: "")
            #expect(try await app.call(.put, "/openapi/quality/codescan/lint", body: twin).status == .ok)
            second = try await Self.run(app, "lint")
            #expect(second["report"].string == "v3\n")
            #expect(second["quality_gate"].string == "passed")
            // The first run keeps what it recorded.
            #expect(try await app.call(.get, "/openapi/quality/codescan/lint/task/1?projectKey=demo").json["report"].string == "v1\n")

            let deleted = try await app.call(.delete, "/api/aslan/testing/scanning/lint?projectName=demo")
            #expect(deleted.json == JSON(#"{"message":"success"}"#), "\(deleted.text)")
            #expect(try await app.store.workflows.get(key: "zadig-scanning-lint") == nil)
            let gone = try await app.call(.post, "/openapi/quality/codescan/lint/task?projectKey=demo", body: "{}")
            #expect(gone.status == .notFound)
            #expect(gone.json["description"].string == "scan lint not found in project demo")
            #expect(try await app.call(.get, "/openapi/quality/codescan/lint/task/1?projectKey=demo").status == .notFound)
            #expect(try await app.call(.delete, "/openapi/quality/codescan/lint?projectKey=demo").status == .notFound)
            // Made again under the same name, its runs start over without the old results.
            #expect(try await app.call(.post, "/openapi/quality/codescan", body: CodeScanAPITests.body("lint", script: "true", gate: false)).status == .ok)
            let fresh = try await Self.run(app, "lint")
            #expect(fresh["task_id"].int == 1)
            #expect(fresh["report"].string == "")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badInputChangesNothing(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let original = CodeScanAPITests.body("lint", script: "echo kept > report.txt; sleep 3")
            #expect(try await app.call(.post, "/openapi/quality/codescan", body: original).status == .ok)
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error" && reply.json["extra"].exists, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            let put = "/api/aslan/testing/scanning/lint"
            expect(try await app.call(.put, put, body: "{"), .badRequest, "malformed JSON body")
            expect(try await app.call(.put, put, body: CodeScanAPITests.body("other", script: "x")), .badRequest, "name other does not match the path (lint)")
            expect(try await app.call(.put, put, body: #"{"name":"lint","scanner_type":"other"}"#), .badRequest, "project_key is required")
            expect(
                try await app.call(.put, put, body: CodeScanAPITests.body("lint", script: "x", scanner: "sonarQube")), .badRequest,
                "scanner_type sonarQube is not supported: SonarQube cannot run here; use scanner_type other with a script")
            expect(try await app.call(.put, put, body: CodeScanAPITests.body("lint", script: "")), .badRequest, "script is required for scanner_type other")
            expect(
                try await app.call(.put, "/api/aslan/testing/scanning/none", body: CodeScanAPITests.body("none", script: "x")), .notFound,
                "scan none not found in project demo")
            expect(try await app.call(.delete, put), .badRequest, "projectName is required")
            expect(try await app.call(.delete, "/api/aslan/testing/scanning/none?projectName=demo"), .notFound, "scan none not found in project demo")
            // A scan whose run is unfinished is not deleted.
            let started = try await app.call(.post, "/openapi/quality/codescan/lint/task?projectKey=demo", body: "{}")
            #expect(started.json["task_id"].int == 1)
            let busy = try await app.call(.delete, "\(put)?projectName=demo")
            #expect(busy.status == .badRequest, "\(busy.text)")
            #expect(busy.json["description"].string?.contains("unfinished task") == true, "\(busy.text)")
            // Nothing was lost: the definition and its run are intact.
            let done = try await CodeScanAPITests.waitForScan(app, "lint", 1)
            #expect(done["status"].string == "passed")
            #expect(done["report"].string == "kept\n")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func editAndDeleteNeedTheirActions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/quality/codescan", body: CodeScanAPITests.body("lint", script: "true")).status == .ok)
            let reader = try await app.makeMember("reader")
            let (_, outsider) = try await app.makeUser("outsider")
            let editor = try await app.makeMember("editor", actions: ["get_scan", "edit_scan"])
            let deleter = try await app.makeMember("deleter", actions: ["get_scan", "delete_scan"])
            let body = CodeScanAPITests.body("lint", script: "echo edited")
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.put, "/api/aslan/testing/scanning/lint", body), (.put, "/openapi/quality/codescan/lint", body),
                (.delete, "/api/aslan/testing/scanning/lint?projectName=demo", nil), (.delete, "/openapi/quality/codescan/lint?projectKey=demo", nil),
            ]
            for (method, uri, payload) in routes {
                #expect(try await app.call(method, uri, auth: .anonymous, body: payload).status == .unauthorized, "\(method) \(uri)")
                for token in [reader, outsider] {
                    let refused = try await app.call(method, uri, as: token, body: payload)
                    #expect(refused.status == .forbidden, "\(method) \(uri): \(refused.text)")
                    #expect(refused.text.isEmpty)
                }
                // edit_scan edits but does not delete; delete_scan the reverse.
                let other = method == .put ? deleter : editor
                #expect(try await app.call(method, uri, as: other, body: payload).status == .forbidden, "\(method) \(uri)")
            }
            #expect(try await app.store.quality.get(ScanDefinition.self, project: "demo", name: "lint")?.script == "true", "refusals changed nothing")
            #expect(try await app.call(.put, "/api/aslan/testing/scanning/lint", as: editor, body: body).status == .ok)
            #expect(try await app.store.quality.get(ScanDefinition.self, project: "demo", name: "lint")?.script == "echo edited")
            #expect(try await app.call(.delete, "/openapi/quality/codescan/lint?projectKey=demo", as: deleter).status == .ok)
            #expect(try await app.store.quality.get(ScanDefinition.self, project: "demo", name: "lint") == nil)
        }
    }
}
