import Foundation
import SlipwayCore
import SlipwayStore
import SlipwayTestSupport
import Testing

/// Issue 15 point 3 end to end: a custom workflow with a `zadig-build` job and a `zadig-test`
/// job runs for real (sandboxed), the test's JUnit report shows in the task detail, test runs of
/// their own keep per-case results, and a case that passed and failed on one commit is flaky.
@Suite struct QualityWorkflowTests {
    /// A repository in the test's scratch directory (which sandboxed jobs can read); its commit.
    static func makeRepository(_ app: Harness) async throws -> (url: String, commit: String) {
        let directory = app.scratch.appendingPathComponent("origin")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await runGit(["init", "-q", "-b", "main"], in: directory.path)
        try "v1\n".write(to: directory.appendingPathComponent("app.txt"), atomically: true, encoding: .utf8)
        try await runGit(["add", "app.txt"], in: directory.path)
        try await runGit(["commit", "-qm", "one"], in: directory.path)
        let commit = try await runGit(["rev-parse", "HEAD"], in: directory.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return ("file://\(directory.path)", commit)
    }

    static let buildScript = """
        cat app/app.txt
        echo "greeting=$GREETING module=$SERVICE_MODULE branch=$app_BRANCH"
        echo "token=$TOKEN"
        test "$TOKEN" = s3cret-token && echo token-ok
        """

    /// Writes a JUnit report: `flips` fails when MODE is `fail`.
    static let testScript = """
        mkdir -p reports
        flips=''
        if [ "$MODE" = fail ]; then flips='<failure message="boom" type="AssertionError">expected 1</failure>'; fi
        cat > reports/junit.xml <<EOF
        <?xml version="1.0"?>
        <testsuite name="unit"><testcase name="adds" classname="calc" time="0.5"/>
        <testcase name="flips" classname="calc" time="0.25">$flips</testcase>
        <testcase name="later" classname="calc"><skipped message="not yet"/></testcase></testsuite>
        EOF
        echo "commit=$app_COMMIT_ID"
        """

    static func define(_ app: Harness, repo: String) async throws {
        let build = try await app.call(
            .post, "/openapi/build",
            body: """
                {"name":"demo-build","project_key":"demo","target_services":[{"service_name":"web","service_module":"web"}],
                 "repo_info":[{"repo_name":"app","url":"\(repo)","branch":"main"}],"build_script":\(Harness.jsonString(buildScript)),
                 "parameters":[{"key":"GREETING","value":"hi"},{"key":"TOKEN","value":"s3cret-token","is_credential":true}]}
                """)
        #expect(build.status == .ok, "\(build.text)")
        let test = try await app.call(
            .post, "/openapi/quality/testing",
            body: """
                {"name":"unit","project_key":"demo","repo_info":[{"repo_name":"app","url":"\(repo)","branch":"main"}],
                 "script":\(Harness.jsonString(testScript)),"test_result_path":"reports",
                 "parameters":[{"key":"MODE","value":"pass"}]}
                """)
        #expect(test.status == .ok, "\(test.text)")
    }

    @Test(arguments: StoreKind.enabled)
    func buildAndTestJobsRunWithReportsAndFlakyCases(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let (repo, commit) = try await Self.makeRepository(app)
            try await Self.define(app, repo: repo)
            let buildJob = """
                {"name":"build","type":"zadig-build","spec":{"docker_registry_id":"","service_and_builds":[
                  {"service_name":"web","service_module":"web","build_name":"demo-build","image_name":"web",
                   "key_vals":[{"key":"GREETING","value":"from-job"}],"repos":[]}]}}
                """
            let testJob = #"{"name":"test","type":"zadig-test","spec":{"test_type":"","test_modules":[{"name":"unit","project_name":"demo"}]}}"#
            try await app.makeWorkflow("quality", stages: [Harness.stage("build", jobs: [buildJob]), Harness.stage("test", jobs: [testJob])])
            let id = try await app.run("quality")
            let done = try await app.waitFor("quality", id, seconds: 60)
            #expect(done["status"].string == "passed", "\(done)")

            let buildLog = try await app.log("quality", id, job: "build")
            #expect(buildLog.contains("v1"))
            #expect(buildLog.contains("greeting=from-job module=web branch=main"), "\(buildLog)")
            #expect(buildLog.contains("token=********"))
            #expect(buildLog.contains("token-ok"))
            #expect(!buildLog.contains("s3cret-token"))
            #expect(done["stages"][0]["jobs"][0]["spec"]["build_name"].string == "demo-build")

            let testSpec = done["stages"][1]["jobs"][0]["spec"]
            #expect(testSpec["test_name"].string == "unit")
            let report = testSpec["test_report"]
            #expect(report["test_total"].int == 3)
            #expect(report["success_total"].int == 2)
            #expect(report["skiped_total"].int == 1)
            #expect(report["failure_total"].int == 0)
            #expect(report["error_total"].int == 0)
            #expect(report["time"] == .number(0.75))
            #expect(report["test_cases"][2]["skipped"]["message"].string == "not yet")
            #expect(report["test_cases"][0]["failure"] == .null)
            #expect(try await app.log("quality", id, job: "test").contains("commit=\(commit)"))

            // A test run of its own, with a parameter from the request: `flips` fails this time.
            let started = try await app.call(
                .post, "/openapi/quality/testing/task",
                body: #"{"project_key":"demo","test_name":"unit","inputs":[{"key":"MODE","value":"fail"}]}"#)
            #expect(started.status == .ok, "\(started.text)")
            let taskID = try #require(started.json["task_id"].int)
            var detail = JSON.missing
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                detail = try await app.call(.get, "/openapi/quality/testing/unit/task/\(taskID)?projectKey=demo").json
                if Harness.finished(detail["status"].string) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(detail["status"].string == "passed", "\(detail)")
            #expect(detail["test_name"].string == "unit")
            #expect(detail["creator"].string == "admin")
            #expect(detail["test_report"]["failure_total"].int == 1)
            #expect(detail["test_report"]["test_cases"][1]["failure"]["message"].string == "boom")
            #expect(detail["test_report"]["test_cases"][1]["failure"]["text"].string == "expected 1")

            let stored = try await app.store.quality.results(workflowKey: "zadig-testing-unit", taskID: taskID)
            #expect(stored.map(\.outcome) == [.passed, .failed, .skipped])
            #expect(stored.allSatisfy { $0.commit == commit })

            let flaky = try await app.call(.get, "/openapi/quality/testing/unit/flaky?projectKey=demo")
            #expect(flaky.status == .ok, "\(flaky.text)")
            let cases = flaky.json["flaky_tests"]
            #expect(cases.array.count == 1, "\(flaky.text)")
            #expect(cases[0]["name"].string == "flips")
            #expect(cases[0]["classname"].string == "calc")
            #expect(cases[0]["commits"][0].string == commit)
            #expect(cases[0]["pass_count"].int == 1)
            #expect(cases[0]["fail_count"].int == 1)
            let project = try await app.call(.get, "/openapi/quality/flaky?projectKey=demo")
            #expect(project.json["flaky_tests"] == cases)
        }
    }

    /// Run inputs of a `zadig-build` job (`service_list`) pick the branch and set parameters.
    @Test(arguments: StoreKind.enabled)
    func runInputsPickBranchAndValues(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let (repo, _) = try await Self.makeRepository(app)
            let directory = String(repo.dropFirst(7))
            try await runGit(["checkout", "-q", "-b", "feature"], in: directory)
            try "v2\n".write(toFile: directory + "/app.txt", atomically: true, encoding: .utf8)
            try await runGit(["commit", "-qam", "two"], in: directory)
            try await runGit(["checkout", "-q", "main"], in: directory)
            try await Self.define(app, repo: repo)
            let job =
                #"{"name":"build","type":"zadig-build","spec":{"service_and_builds":[{"service_name":"web","service_module":"web","build_name":"demo-build"}]}}"#
            try await app.makeWorkflow("inputs", stages: [Harness.stage("s", jobs: [job])])
            let inputs = """
                [{"job_name":"build","job_type":"zadig-build","parameters":{"registry":"","service_list":[{"service_name":"web","service_module":"web",
                  "repo_info":[{"codehost_name":"x","repo_namespace":"x","repo_name":"app","branch":"feature"}],
                  "inputs":[{"key":"GREETING","value":"from-run"},{"key":"DEPLOY_KEY","value":"run-secret-77"}]}]}}]
                """
            let id = try await app.run("inputs", inputs: inputs)
            let done = try await app.waitFor("inputs", id, seconds: 60)
            #expect(done["status"].string == "passed", "\(done)")
            // A value the run adds may be the definition's credential: never shown.
            #expect(!"\(done)".contains("run-secret-77"), "\(done)")
            let log = try await app.log("inputs", id, job: "build")
            #expect(log.contains("v2"), "\(log)")
            #expect(log.contains("greeting=from-run module=web branch=feature"), "\(log)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func jobsRefuseWhatTheyCannotRun(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            try await app.makeProject("other")
            let empty = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"empty","display_name":"e","project":"demo","concurrency_limit":-1,
                     "stages":[{"name":"s","jobs":[{"name":"build","type":"zadig-build","spec":{"service_and_builds":[]}}]}]}
                    """)
            #expect(empty.status == .badRequest)
            #expect(empty.json["description"].string?.contains("the job names no build, test or scan to run") == true, "\(empty.text)")
            // A build of another project, or one that does not exist, fails the job with the reason.
            let job = #"{"name":"build","type":"zadig-build","spec":{"service_and_builds":[{"build_name":"b","project_name":"other"}]}}"#
            try await app.makeWorkflow("foreign", stages: [Harness.stage("s", jobs: [job])])
            let foreign = try await app.waitFor("foreign", try await app.run("foreign"))
            #expect(foreign["status"].string == "failed")
            #expect(foreign["stages"][0]["jobs"][0]["error"].string == "build b belongs to project other, not to this task's project")
            let missing = #"{"name":"build","type":"zadig-build","spec":{"service_and_builds":[{"build_name":"nope"}]}}"#
            try await app.makeWorkflow("missing", stages: [Harness.stage("s", jobs: [missing])])
            let failed = try await app.waitFor("missing", try await app.run("missing"))
            #expect(failed["stages"][0]["jobs"][0]["error"].string == "build nope not found in project demo")
        }
    }
}

/// A build's repository may be a depot hosted here, named by project (`repo_owner`) and depot
/// (`repo_name`): the server checks it out, and only for jobs of that project.
@Suite struct QualityHostedRepositoryTests {
    @Test(arguments: StoreKind.enabled)
    func buildChecksOutAHostedDepot(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            try await app.makeProject("other")
            for project in ["demo", "other"] {
                let described = try await app.call(
                    .post, "/open-api?Action=DescribeProjectByName", auth: .codingToken(app.adminToken), body: #"{"ProjectName":"\#(project)"}"#)
                let codingID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
                let depot = try await app.call(
                    .post, "/open-api?Action=CreateGitDepot", auth: .codingToken(app.adminToken), body: #"{"ProjectId":\#(codingID),"DepotName":"svc"}"#)
                #expect(depot.status == .ok, "\(depot.text)")
            }
            let (local, commit) = try await QualityWorkflowTests.makeRepository(app)
            let bare = app.scratch.deletingLastPathComponent().appendingPathComponent("git/slipway/demo/svc.git").path
            try await runGit(["push", "-q", bare, "HEAD:refs/heads/main"], in: String(local.dropFirst(7)))
            for (name, owner) in [("hosted", "demo"), ("foreign", "other")] {
                let build = try await app.call(
                    .post, "/openapi/build",
                    body: """
                        {"name":"\(name)","project_key":"demo","repo_info":[{"repo_namespace":"\(owner)","repo_name":"svc","branch":"main"}],
                         "build_script":"cat svc/app.txt; git -C svc rev-parse HEAD; echo ok > svc/written.txt"}
                        """)
                #expect(build.status == .ok, "\(build.text)")
                let job = #"{"name":"build","type":"zadig-build","spec":{"service_and_builds":[{"build_name":"\#(name)"}]}}"#
                try await app.makeWorkflow("run-\(name)", stages: [Harness.stage("s", jobs: [job])])
            }
            let hosted = try await app.waitFor("run-hosted", try await app.run("run-hosted"), seconds: 60)
            #expect(hosted["status"].string == "passed", "\(hosted)")
            let log = try await app.log("run-hosted", 1, job: "build")
            #expect(log.contains("v1"))
            #expect(log.contains(commit))
            // Another project's depot is refused, with the reason.
            let foreign = try await app.waitFor("run-foreign", try await app.run("run-foreign"), seconds: 60)
            #expect(foreign["status"].string == "failed")
            #expect(foreign["stages"][0]["jobs"][0]["error"].string == "git: the repository svc is not one of project demo's")
        }
    }
}
