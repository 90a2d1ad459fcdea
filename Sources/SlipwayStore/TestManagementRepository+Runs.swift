import Foundation
import SQLKit
import SlipwayCore

/// Test plans (runs) and the tests in them.
extension TestManagementRepository {
    struct RunRow: Decodable {
        var id: Int64
        var projectKey: String
        var name: String
        var includeAll: Bool
        var description: String
        var assigneeUid: String
        var executeType: Int64
        var sectionId: Int64
        var gitDepotId: Int64
        var iterationId: Int64?
        var gitReleaseId: Int64?
        var isCompleted: Bool
        var completedAt: Int64
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "name", "include_all", "description", "assignee_uid", "execute_type", "section_id", "git_depot_id",
            "is_completed", "completed_at", "creator_uid", "created_at", "updated_at", "iteration_id", "git_release_id",
        ]

        var run: TestRun {
            var r = TestRun(projectKey: projectKey, name: name)
            r.id = id
            r.includeAll = includeAll
            r.description = description
            r.assigneeUID = assigneeUid
            r.executeType = TestRun.ExecuteType(rawValue: executeType) ?? .manual
            r.sectionID = sectionId
            r.gitDepotID = gitDepotId
            r.iterationID = iterationId ?? 0
            r.gitReleaseID = gitReleaseId ?? 0
            r.isCompleted = isCompleted
            r.completedAt = completedAt
            r.creatorUID = creatorUid
            r.createdAt = createdAt
            r.updatedAt = updatedAt
            return r
        }
    }

    struct TestRow: Decodable {
        var id: Int64
        var runId: Int64
        var caseId: Int64
        var status: String
        var assigneeUid: String
        var testerUid: String
        var testedAt: Int64
        var sort: Int64
        var stepResults: String

        static let columns = ["id", "run_id", "case_id", "status", "assignee_uid", "tester_uid", "tested_at", "sort", "step_results"]

        var test: RunTest {
            var t = RunTest(runID: runId, caseID: caseId)
            t.id = id
            t.status = TestStatus(rawValue: status) ?? .untested
            t.assigneeUID = assigneeUid
            t.testerUID = testerUid
            t.testedAt = testedAt
            t.sort = sort
            t.stepResults = (try? JSONDecoder().decode([StepResult?].self, from: Data(stepResults.utf8))) ?? []
            return t
        }
    }

    static let runValueColumns = RunRow.columns.filter { $0 != "id" && $0 != "project_key" }

    static func values(_ r: TestRun) -> [any Encodable & Sendable] {
        [
            r.name, r.includeAll, r.description, r.assigneeUID, r.executeType.rawValue, r.sectionID, r.gitDepotID, r.isCompleted,
            r.completedAt, r.creatorUID, r.createdAt, r.updatedAt, r.iterationID > 0 ? r.iterationID : nil,
            r.gitReleaseID > 0 ? r.gitReleaseID : nil,
        ]
    }

    /// Store a new run with a test for each of `caseIDs` (in that order), assigned to the run's assignee.
    package func createRun(_ run: TestRun, caseIDs: [Int64]) async throws -> TestRun {
        try await sql.write { db in
            var stored = run
            stored.id =
                try await db.insert(into: "test_runs").columns(["project_key"] + Self.runValueColumns)
                .values([run.projectKey] as [any Encodable & Sendable] + Self.values(run))
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            try await Self.addTests(run: stored, caseIDs: caseIDs, after: 0, db)
            return stored
        }
    }

    /// Change a run; with `caseIDs`, its tests become exactly those cases (results of the cases it keeps stay).
    package func updateRun(_ run: TestRun, caseIDs: [Int64]?) async throws {
        try await sql.write { db in
            var update = db.update("test_runs")
            for (column, value) in zip(Self.runValueColumns, Self.values(run)) { update = update.set(column, to: value) }
            try await update.where("id", .equal, run.id).run()
            guard let caseIDs else { return }
            let existing = try await db.select().columns(TestRow.columns).from("test_run_tests").where("run_id", .equal, run.id)
                .all(decoding: TestRow.self, keyDecodingStrategy: .snakeCase).map(\.test)
            let dropped = existing.filter { !caseIDs.contains($0.caseID) }.map(\.id)
            if !dropped.isEmpty { try await db.delete(from: "test_run_tests").where("id", .in, dropped).run() }
            let kept = Set(existing.map(\.caseID))
            try await Self.addTests(run: run, caseIDs: caseIDs.filter { !kept.contains($0) }, after: existing.map(\.sort).max() ?? 0, db)
        }
    }

    static func addTests(run: TestRun, caseIDs: [Int64], after sort: Int64, _ db: any SQLDatabase) async throws {
        for (offset, caseID) in caseIDs.enumerated() {
            try await db.insert(into: "test_run_tests")
                .columns("project_key", "run_id", "case_id", "status", "assignee_uid", "tester_uid", "tested_at", "sort", "step_results")
                .values(run.projectKey, run.id, caseID, TestStatus.untested.rawValue, run.assigneeUID, "", Int64(0), sort + Int64(offset) + 1, "[]")
                .run()
        }
    }

    package func deleteRun(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "test_runs").where("id", .equal, id).run() }
    }

    package func run(projectKey: String, id: Int64) async throws -> TestRun? {
        try await runs { $0.where("project_key", .equal, projectKey).where("id", .equal, id) }.first
    }

    /// A project's runs matching the filter, newest first.
    package func runs(_ filter: TestRunFilter) async throws -> [TestRun] {
        try await runs { select in
            var q = select.where("project_key", .equal, filter.projectKey)
            if let completed = filter.isCompleted { q = q.where("is_completed", .equal, completed) }
            if let type = filter.executeType { q = q.where("execute_type", .equal, type.rawValue) }
            if let section = filter.sectionID { q = q.where("section_id", .equal, section) }
            if !filter.keyword.isEmpty { q = q.where(LikePattern.contains(column: "name", filter.keyword)) }
            if let ids = filter.iterationIDs { q = q.where("iteration_id", .in, ids.isEmpty ? [-1] : ids) }
            if let statuses = filter.iterationStatuses {
                q = q.where(
                    "iteration_id", .in,
                    SQLSubquery.select { $0.column("id").from("iterations").where("status", .in, statuses.map(\.rawValue)) })
            }
            if let released = filter.released {
                q = q.where(
                    "git_release_id", .in,
                    SQLSubquery.select { $0.column("id").from("git_releases").where("is_prerelease", .equal, released ? 0 : 1) })
            }
            return q
        }
    }

    func runs(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [TestRun] {
        try await sql.read { db in
            try await filter(db.select().columns(RunRow.columns).from("test_runs")).orderBy("id", .descending)
                .all(decoding: RunRow.self, keyDecodingStrategy: .snakeCase).map(\.run)
        }
    }

    /// The tests of runs `runIDs`, by run and sort.
    package func tests(runIDs: [Int64]) async throws -> [RunTest] {
        guard !runIDs.isEmpty else { return [] }
        return try await tests { $0.where("run_id", .in, runIDs) }
    }

    package func test(projectKey: String, id: Int64) async throws -> RunTest? {
        try await tests { $0.where("project_key", .equal, projectKey).where("id", .equal, id) }.first
    }

    /// Every test of a project (the tests of all its runs).
    package func tests(projectKey: String) async throws -> [RunTest] {
        try await tests { $0.where("project_key", .equal, projectKey) }
    }

    func tests(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [RunTest] {
        try await sql.read { db in
            try await filter(db.select().columns(TestRow.columns).from("test_run_tests")).orderBy("run_id").orderBy("sort")
                .all(decoding: TestRow.self, keyDecodingStrategy: .snakeCase).map(\.test)
        }
    }

    /// Change the results of tests `ids` (status, tester, time, step results) in one transaction:
    /// each is locked, read, changed by `change` and written back, so concurrent results of the
    /// same test (two steps at once) do not lose each other.
    package func changeTests(ids: [Int64], _ change: @escaping @Sendable (inout RunTest) throws -> Void) async throws {
        guard !ids.isEmpty else { return }
        try await sql.write { db in
            try await db.update("test_run_tests").set(SQLIdentifier("id"), to: SQLIdentifier("id")).where("id", .in, ids).run()
            let tests = try await db.select().columns(TestRow.columns).from("test_run_tests").where("id", .in, ids).orderBy("id")
                .all(decoding: TestRow.self, keyDecodingStrategy: .snakeCase).map(\.test)
            for var test in tests {
                try change(&test)
                let steps = String(decoding: try JSONEncoder().encode(test.stepResults), as: UTF8.self)
                try await db.update("test_run_tests").set("status", to: test.status.rawValue).set("tester_uid", to: test.testerUID)
                    .set("tested_at", to: test.testedAt).set("step_results", to: steps).where("id", .equal, test.id).run()
            }
        }
    }

    /// Set the status of each test of `statuses` (keyed by test id), with tester and time, in one
    /// transaction: one update per status and batch of 500 ids, whatever the number of tests.
    package func setTestStatuses(_ statuses: [Int64: TestStatus], testerUID: String, at time: Int64) async throws {
        let byStatus = Dictionary(grouping: statuses.keys.sorted(), by: { statuses[$0] ?? .untested })
        guard !byStatus.isEmpty else { return }
        try await sql.write { db in
            for (status, ids) in byStatus.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                var start = 0
                while start < ids.count {
                    let batch = Array(ids[start..<min(start + 500, ids.count)])
                    try await db.update("test_run_tests").set("status", to: status.rawValue).set("tester_uid", to: testerUID)
                        .set("tested_at", to: time).where("id", .in, batch).run()
                    start += 500
                }
            }
        }
    }
}
