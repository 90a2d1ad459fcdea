import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayStore
import Testing

/// Zadig §7 code scans with a script-defined scanner: create (SonarQube refused), run, task
/// detail with the report and quality gate, the `zadig-scanning` job; bad calls; permissions.
@Suite struct CodeScanAPITests {
    static func body(_ name: String, script: String, gate: Bool = true, scanner: String = "other", repo: String? = nil) -> String {
        let repos = repo.map { #"[{"codehost_name":"local","repo_namespace":"demo","repo_name":"app","branch":"main","url":"\#($0)"}]"# } ?? "[]"
        return """
            {"project_key":"demo","name":"\(name)","scanner_type":"\(scanner)","image_name":"sonarsource/sonar-scanner-cli",
             "repo_info":\(repos),"addons":[],
             "script":\(Harness.jsonString(script)),"enable_quality_gate":\(gate),"report_path":"report.txt",
             "advanced_settings":{"timeout":60}}
            """
    }

    static func waitForScan(_ app: Harness, _ name: String, _ id: Int) async throws -> JSON {
        var detail = JSON.missing
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            detail = try await app.call(.get, "/openapi/quality/codescan/\(name)/task/\(id)?projectKey=demo").json
            if Harness.finished(detail["status"].string) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return detail
    }

    @Test(arguments: StoreKind.enabled)
    func scansRunWithReportAndQualityGate(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let (repo, _) = try await QualityWorkflowTests.makeRepository(app)
            let lint = Self.body("lint", script: "echo \"issues: 0 in $(cat app/app.txt)\" > report.txt", repo: repo)
            #expect(try await app.call(.post, "/openapi/quality/codescan", body: lint).json == JSON(#"{"message":"success"}"#))
            let strict = Self.body("strict", script: "echo 'issues: 3' > report.txt; exit 2", repo: repo)
            #expect(try await app.call(.post, "/openapi/quality/codescan", body: strict).status == .ok)

            let run = try await app.call(
                .post, "/openapi/quality/codescan/lint/task?projectKey=demo", body: #"{"scan_repos":[{"repo_name":"app","branch":"main"}]}"#)
            #expect(run.json["task_id"].int == 1, "\(run.text)")
            let passed = try await Self.waitForScan(app, "lint", 1)
            #expect(passed["status"].string == "passed", "\(passed)")
            #expect(passed["scan_name"].string == "lint")
            #expect(passed["creator"].string == "admin")
            #expect(passed["quality_gate"].string == "passed")
            #expect(passed["report"].string == "issues: 0 in v1\n")
            #expect(passed["repo_info"][0]["branch"].string == "main")
            #expect(passed["repo_info"][0]["repo_owner"].string == "demo")

            let failing = try await app.call(.post, "/openapi/quality/codescan/strict/task?projectKey=demo", body: #"{"scan_repos":[]}"#)
            let failed = try await Self.waitForScan(app, "strict", try #require(failing.json["task_id"].int))
            #expect(failed["status"].string == "failed")
            #expect(failed["quality_gate"].string == "failed")
            #expect(failed["report"].string == "issues: 3\n")

            // The zadig-scanning job of a custom workflow shows the same in its task detail.
            let job = #"{"name":"scan","type":"zadig-scanning","spec":{"scannings":[{"name":"lint","project_name":"demo","repos":[]}]}}"#
            try await app.makeWorkflow("scanned", stages: [Harness.stage("s", jobs: [job])])
            let done = try await app.waitFor("scanned", try await app.run("scanned"), seconds: 60)
            #expect(done["status"].string == "passed", "\(done)")
            let spec = done["stages"][0]["jobs"][0]["spec"]
            #expect(spec["scanning_name"].string == "lint")
            #expect(spec["quality_gate"].string == "passed")
            #expect(spec["report"].string == "issues: 0 in v1\n")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAndPermissions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            expect(
                try await app.call(.post, "/openapi/quality/codescan", body: Self.body("s", script: "x", scanner: "sonarQube")), .badRequest,
                "scanner_type sonarQube is not supported: SonarQube cannot run here; use scanner_type other with a script")
            expect(
                try await app.call(.post, "/openapi/quality/codescan", body: Self.body("s", script: "")), .badRequest,
                "script is required for scanner_type other")
            expect(
                try await app.call(.post, "/openapi/quality/codescan", body: Self.body("s", script: "x", scanner: "")), .badRequest, "scanner_type is required")
            expect(
                try await app.call(.post, "/openapi/quality/codescan", body: #"{"name":"s","scanner_type":"other"}"#), .badRequest, "project_key is required")
            expect(try await app.call(.post, "/openapi/quality/codescan", body: #"{"name":1,"repo_info":{}}"#), .badRequest, "repo_info: expected an array")
            expect(try await app.call(.post, "/openapi/quality/codescan/s/task", body: "{}"), .badRequest, "projectKey is required")
            expect(try await app.call(.post, "/openapi/quality/codescan/s/task?projectKey=demo", body: "{"), .badRequest, "malformed JSON body")
            expect(
                try await app.call(.post, "/openapi/quality/codescan/none/task?projectKey=demo", body: "{}"), .notFound, "scan none not found in project demo")
            expect(try await app.call(.get, "/openapi/quality/codescan/s/task/x?projectKey=demo"), .badRequest, "taskID must be an integer")
            expect(try await app.call(.get, "/openapi/quality/codescan/s/task/3?projectKey=demo"), .notFound, "task 3 of scan s not found")

            #expect(try await app.call(.post, "/openapi/quality/codescan", body: Self.body("s", script: "true", gate: false)).status == .ok)
            expect(
                try await app.call(.post, "/openapi/quality/codescan", body: Self.body("s", script: "true")), .badRequest,
                "scan s already exists in project demo")
            #expect(try await app.call(.post, "/openapi/quality/codescan/s/task?projectKey=demo", body: "").json["task_id"].int == 1)
            let ungated = try await Self.waitForScan(app, "s", 1)
            #expect(ungated["status"].string == "passed", "\(ungated)")
            #expect(ungated["quality_gate"].string == "")

            let reader = try await app.makeMember("reader")
            let (_, outsider) = try await app.makeUser("outsider")
            #expect(try await app.call(.get, "/openapi/quality/codescan/s/task/1?projectKey=demo", as: reader).status == .ok)
            for token in [reader, outsider] {
                #expect(try await app.call(.post, "/openapi/quality/codescan", as: token, body: Self.body("t", script: "x")).status == .forbidden)
                let refused = try await app.call(.post, "/openapi/quality/codescan/s/task?projectKey=demo", as: token, body: "{}")
                #expect(refused.status == .forbidden)
                #expect(refused.text.isEmpty)
            }
            #expect(try await app.call(.get, "/openapi/quality/codescan/s/task/1?projectKey=demo", as: outsider).status == .forbidden)
            for (method, uri) in [
                (HTTPRequest.Method.post, "/openapi/quality/codescan"), (.post, "/openapi/quality/codescan/s/task?projectKey=demo"),
                (.get, "/openapi/quality/codescan/s/task/1?projectKey=demo"),
            ] {
                #expect(try await app.call(method, uri, auth: .anonymous, body: method == .post ? "{}" : nil).status == .unauthorized)
            }
        }
    }
}
