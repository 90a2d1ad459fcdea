import Foundation
import SlipwayCore
import SlipwayTestSupport
import Testing

/// Issue 15 point 4 end to end: each run keeps its own test case results; a case is flaky only
/// when it passed and failed (or errored) on the same commit; the lists per test and per project
/// show exactly those cases, with counts from that commit alone.
@Suite struct FlakyTestInsightTests {
    /// `steady` fails when MODE is `fail`; `erratic` errors when MODE is `error`.
    static let otherScript = """
        mkdir -p reports
        steady=''; erratic=''
        if [ "$MODE" = fail ]; then steady='<failure message="broke">x</failure>'; fi
        if [ "$MODE" = error ]; then erratic='<error message="crashed" type="Panic">trace</error>'; fi
        cat > reports/junit.xml <<EOF
        <?xml version="1.0"?>
        <testsuite name="other"><testcase name="steady" classname="io">$steady</testcase>
        <testcase name="erratic" classname="io">$erratic</testcase></testsuite>
        EOF
        """

    static func define(_ app: Harness, _ name: String, script: String, repo: String) async throws {
        let created = try await app.call(
            .post, "/openapi/quality/testing",
            body: """
                {"name":"\(name)","project_key":"demo","repo_info":[{"repo_name":"app","url":"\(repo)","branch":"main"}],
                 "script":\(Harness.jsonString(script)),"test_result_path":"reports","parameters":[{"key":"MODE","value":"pass"}]}
                """)
        #expect(created.status == .ok, "\(created.text)")
    }

    /// Run test `name` with MODE set to `mode` to its end; returns the task id.
    static func run(_ app: Harness, _ name: String, mode: String) async throws -> Int {
        let started = try await app.call(
            .post, "/openapi/quality/testing/task",
            body: #"{"project_key":"demo","test_name":"\#(name)","inputs":[{"key":"MODE","value":"\#(mode)"}]}"#)
        let id = try #require(started.json["task_id"].int, "\(started.text)")
        #expect(try await app.waitFor("zadig-testing-\(name)", id, seconds: 60)["status"].string == "passed")
        return id
    }

    @Test(arguments: StoreKind.enabled)
    func onlyCasesThatPassedAndFailedOnOneCommitAreFlaky(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let (repo, first) = try await QualityWorkflowTests.makeRepository(app)
            try await Self.define(app, "unit", script: QualityWorkflowTests.testScript, repo: repo)
            try await Self.define(app, "other", script: Self.otherScript, repo: repo)
            // On the first commit: `flips` passes then fails, `erratic` passes then errors.
            #expect(try await Self.run(app, "unit", mode: "pass") == 1)
            #expect(try await Self.run(app, "unit", mode: "fail") == 2)
            #expect(try await Self.run(app, "other", mode: "pass") == 1)
            #expect(try await Self.run(app, "other", mode: "error") == 2)
            // On a second commit: `flips` and `steady` fail; neither passed on this commit.
            let directory = String(repo.dropFirst(7))
            try "v2\n".write(toFile: directory + "/app.txt", atomically: true, encoding: .utf8)
            try await runGit(["commit", "-qam", "two"], in: directory)
            let second = try await runGit(["rev-parse", "HEAD"], in: directory).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await Self.run(app, "unit", mode: "fail") == 3)
            #expect(try await Self.run(app, "other", mode: "fail") == 3)

            // Each run keeps its own results, with its commit.
            for (task, commit, failed) in [(1, first, 0), (2, first, 1), (3, second, 1)] {
                let stored = try await app.store.quality.results(workflowKey: "zadig-testing-unit", taskID: task)
                #expect(stored.map(\.name) == ["adds", "flips", "later"], "task \(task)")
                #expect(stored.allSatisfy { $0.commit == commit && $0.testName == "unit" }, "task \(task)")
                let detail = try await app.call(.get, "/openapi/quality/testing/unit/task/\(task)?projectKey=demo").json
                #expect(detail["test_report"]["failure_total"].int == failed, "task \(task): \(detail)")
            }
            let errored = try await app.store.quality.results(workflowKey: "zadig-testing-other", taskID: 2)
            #expect(errored.map(\.outcome) == [.passed, .error])

            let unit = try await app.call(.get, "/openapi/quality/testing/unit/flaky?projectKey=demo").json["flaky_tests"]
            #expect(unit.array.count == 1, "\(unit)")
            #expect(unit[0]["test_name"].string == "unit" && unit[0]["name"].string == "flips" && unit[0]["classname"].string == "calc")
            #expect(unit[0]["commits"] == .array([.string(first)]), "the second commit's failure alone is not flaky")
            #expect(unit[0]["pass_count"].int == 1 && unit[0]["fail_count"].int == 1)
            #expect((1_700_000_000...4_000_000_000).contains(unit[0]["last_seen"].int ?? 0), "last_seen in Unix seconds")

            let other = try await app.call(.get, "/openapi/quality/testing/other/flaky?projectKey=demo").json["flaky_tests"]
            #expect(other.array.map { $0["name"].string } == ["erratic"], "an error counts as a failure; steady failed on another commit only")
            #expect(other[0]["commits"] == .array([.string(first)]) && other[0]["fail_count"].int == 1)

            let project = try await app.call(.get, "/openapi/quality/flaky?projectKey=demo").json["flaky_tests"]
            #expect(Set(project.array.compactMap { $0["name"].string }) == ["flips", "erratic"], "\(project)")
            #expect(project.array.count == 2)
        }
    }
}
