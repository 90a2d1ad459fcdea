import Foundation
import Testing

/// Freestyle steps with real tools: `git` clones a real repository, `archive` keeps files,
/// `execute_policy` skips jobs by rule.
@Suite struct FreestyleStepTests {
    /// A real repository on disk with two branches.
    static func makeRepository(at url: URL) throws -> String {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let script = """
            set -e
            cd '\(url.path)'
            git init -q -b main
            git config user.email t@example.com; git config user.name T
            echo main > file.txt; git add file.txt; git commit -qm one
            git checkout -q -b feature
            echo feature > file.txt; git commit -qam two
            git rev-parse HEAD
            git checkout -q main
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: StoreKind.enabled)
    func gitStepClonesAtABranchOrCommitAndArchiveKeepsFiles(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let repo = app.scratch.appendingPathComponent("origin")
            let featureSHA = try Self.makeRepository(at: repo)
            let job = """
                {"name":"checkout","type":"freestyle","spec":{"steps":[
                  {"name":"git","type":"git","spec":{"repos":[{"repo_name":"app","url":"file://\(repo.path)","branch":"feature","remote_name":"origin"}]}},
                  {"name":"shell","type":"shell","spec":{"script":"cat app/file.txt; git -C app rev-parse HEAD; git -C app rev-parse --abbrev-ref HEAD; cp app/file.txt out.txt"}},
                  {"name":"archive","type":"archive","spec":{"upload_detail":[{"file_path":"out.txt","dest_dir":"reports"}]}}]}}
                """
            try await app.makeWorkflow("checkout", stages: [Harness.stage("s", jobs: [job])])
            let id = try await app.run("checkout")
            let done = try await app.waitFor("checkout", id)
            #expect(done["status"].string == "passed", "\(done)")
            let log = try await app.log("checkout", id, job: "checkout")
            #expect(log.contains("feature\n\(featureSHA)\nfeature\n"))
            let data = app.scratch.deletingLastPathComponent()
            let kept = data.appendingPathComponent("artifacts/checkout/\(id)/checkout/reports/out.txt")
            #expect(try String(contentsOf: kept, encoding: .utf8) == "feature\n")

            let pinned = """
                {"name":"pinned","type":"freestyle","spec":{"repos":[{"repo_name":"app","url":"file://\(repo.path)","commit_id":"\(featureSHA)"}],
                 "script":"git -C app rev-parse HEAD"}}
                """
            try await app.makeWorkflow("pinned", stages: [Harness.stage("s", jobs: [pinned])])
            let pinnedID = try await app.run("pinned")
            #expect(try await app.waitFor("pinned", pinnedID)["status"].string == "passed")
            #expect(try await app.log("pinned", pinnedID, job: "pinned").contains(featureSHA))

            let missing =
                #"{"name":"missing","type":"freestyle","spec":{"steps":[{"name":"git","type":"git","spec":{"repos":[{"repo_name":"x","url":"file:///nonexistent/repo"}]}}]}}"#
            try await app.makeWorkflow("missing", stages: [Harness.stage("s", jobs: [missing])])
            let failed = try await app.waitFor("missing", try await app.run("missing"))
            #expect(failed["status"].string == "failed")
            #expect(failed["stages"][0]["jobs"][0]["error"].string?.hasPrefix("git ") == true)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func executePolicySkipsByRule(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let policy = #","execute_policy":{"type":"execute","match_rule":"all","rules":[{"field":"{{.workflow.params.env}}","verb":"eq","value":"prod"}]}"#
            let prodOnly = #"{"name":"prod-only","type":"freestyle"\#(policy),"spec":{"script":"echo deploying"}}"#
            try await app.makeWorkflow(
                "conditional", params: #"[{"name":"env","type":"choice","value":"dev","choice_option":["dev","prod"]}]"#,
                stages: [Harness.stage("s", jobs: [prodOnly, Harness.shellJob("always", "echo always")])])
            let dev = try await app.waitFor("conditional", try await app.run("conditional"))
            #expect(dev["status"].string == "passed")
            #expect(dev["stages"][0]["jobs"][0]["status"].string == "skipped")
            #expect(dev["stages"][0]["jobs"][1]["status"].string == "passed")
            let prod = try await app.waitFor("conditional", try await app.run("conditional", parameters: #"[{"name":"env","value":"prod"}]"#))
            #expect(prod["stages"][0]["jobs"][0]["status"].string == "passed")
            let bad = try await app.call(
                .post, "/openapi/workflows/custom/task",
                body: """
                    {"project_key":"demo","workflow_key":"conditional","parameters":[{"name":"env","value":"staging"}],"inputs":[]}
                    """)
            #expect(bad.json["description"].string == "parameter env must be one of dev, prod")
        }
    }
}
