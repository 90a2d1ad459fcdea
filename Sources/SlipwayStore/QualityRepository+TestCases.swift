import Foundation
import SQLKit
import SlipwayCore

struct TestCaseRow: Codable {
    var projectKey: String
    var testName: String
    var workflowKey: String
    var taskId: Int
    var jobName: String
    var caseIndex: Int
    var suite: String
    var caseName: String
    var classname: String
    var outcome: String
    var seconds: Double
    var message: String
    var failureType: String
    var failureText: String
    var commitSha: String
    var recordedAt: Int64

    init(_ r: TestCaseResult) {
        projectKey = r.projectKey
        testName = r.testName
        workflowKey = r.workflowKey
        taskId = r.taskID
        jobName = r.jobName
        caseIndex = r.index
        suite = r.suite
        caseName = r.name
        classname = r.classname
        outcome = r.outcome.rawValue
        seconds = r.time
        message = r.message
        failureType = r.type
        failureText = r.text
        commitSha = r.commit
        recordedAt = r.recordedAt
    }

    var result: TestCaseResult {
        TestCaseResult(
            projectKey: projectKey, testName: testName, workflowKey: workflowKey, taskID: taskId, jobName: jobName, index: caseIndex,
            suite: suite, name: caseName, classname: classname, outcome: JUnitOutcome(rawValue: outcome) ?? .error, time: seconds,
            message: message, type: failureType, text: failureText, commit: commitSha, recordedAt: recordedAt)
    }
}

/// Per-run test case results: what a `zadig-test` job's JUnit reports held.
extension QualityRepository {
    /// Rows per insert statement (16 binds each: well under PostgreSQL's and SQLite's limits).
    static let insertBatch = 500

    /// Replace the results a job of a task recorded (a retried task records its job again).
    package func record(_ results: [TestCaseResult], workflowKey: String, taskID: Int, jobName: String) async throws {
        let rows = results.map(TestCaseRow.init)
        try await sql.write { db in
            try await db.delete(from: "zadig_test_cases").where("workflow_key", .equal, workflowKey).where("task_id", .equal, taskID)
                .where("job_name", .equal, jobName).run()
            var start = 0
            while start < rows.count {
                let batch = Array(rows[start..<min(start + Self.insertBatch, rows.count)])
                try await db.insert(into: "zadig_test_cases").models(batch, keyEncodingStrategy: .convertToSnakeCase).run()
                start += Self.insertBatch
            }
        }
    }

    /// The results a task recorded, job by job in report order.
    package func results(workflowKey: String, taskID: Int) async throws -> [TestCaseResult] {
        try await sql.read { db in
            try await db.select().column("*").from("zadig_test_cases").where("workflow_key", .equal, workflowKey)
                .where("task_id", .equal, taskID).orderBy("job_name").orderBy("case_index")
                .all(decoding: TestCaseRow.self, keyDecodingStrategy: .snakeCase).map(\.result)
        }
    }

    /// Cases of a project's tests (of one test, when `testName` is given) that both passed and
    /// failed or errored on one commit, most recently seen first. Runs without a commit are not
    /// compared.
    package func flaky(project: String, testName: String? = nil) async throws -> [FlakyTestCase] {
        struct Group: Decodable {
            var testName: String
            var classname: String
            var caseName: String
            var commitSha: String
            var passes: Int
            var failures: Int
            var lastSeen: Int64
        }
        let groups = try await sql.read { db in
            var query = db.select().column("test_name").column("classname").column("case_name").column("commit_sha")
                .column(SQLRaw("SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END)"), as: "passes")
                .column(SQLRaw("SUM(CASE WHEN outcome IN ('failed', 'error') THEN 1 ELSE 0 END)"), as: "failures")
                .column(SQLFunction("max", args: SQLColumn("recorded_at")), as: "last_seen")
                .from("zadig_test_cases").where("project_key", .equal, project).where("commit_sha", .notEqual, "")
            if let testName { query = query.where("test_name", .equal, testName) }
            return try await query.groupBy("test_name").groupBy("classname").groupBy("case_name").groupBy("commit_sha")
                .having(SQLRaw("SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) > 0"))
                .having(SQLRaw("SUM(CASE WHEN outcome IN ('failed', 'error') THEN 1 ELSE 0 END) > 0"))
                .all(decoding: Group.self, keyDecodingStrategy: .snakeCase)
        }
        var byCase: [String: FlakyTestCase] = [:]
        var order: [String] = []
        for group in groups.sorted(by: { $0.lastSeen > $1.lastSeen }) {
            let key = [group.testName, group.classname, group.caseName].joined(separator: "\u{1}")
            if var existing = byCase[key] {
                existing.commits.append(group.commitSha)
                existing.passes += group.passes
                existing.failures += group.failures
                byCase[key] = existing
            } else {
                order.append(key)
                byCase[key] = FlakyTestCase(
                    testName: group.testName, classname: group.classname, name: group.caseName, commits: [group.commitSha],
                    passes: group.passes, failures: group.failures, lastSeen: group.lastSeen)
            }
        }
        return order.compactMap { byCase[$0] }
    }
}
