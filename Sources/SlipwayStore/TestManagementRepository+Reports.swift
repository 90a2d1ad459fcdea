import SQLKit
import SlipwayCore

/// Defects linked to tests, and reports over runs.
extension TestManagementRepository {
    /// Link issue `issueID` (a defect) to a test; linking twice keeps one link.
    package func linkDefect(projectKey: String, testID: Int64, issueID: Int64, at time: Int64) async throws {
        try await sql.write { db in
            let existing = try await db.select().column("issue_id").from("test_defects").where("test_id", .equal, testID)
                .where("issue_id", .equal, issueID).all()
            guard existing.isEmpty else { return }
            try await db.insert(into: "test_defects").columns("test_id", "issue_id", "project_key", "created_at")
                .values(testID, issueID, projectKey, time).run()
        }
    }

    /// The issue ids of the defects linked to tests `testIDs`, by test, oldest link first.
    package func defectLinks(testIDs: [Int64]) async throws -> [(testID: Int64, issueID: Int64)] {
        guard !testIDs.isEmpty else { return [] }
        struct Row: Decodable {
            var testId: Int64
            var issueId: Int64
        }
        return try await sql.read { db in
            try await db.select().columns("test_id", "issue_id").from("test_defects").where("test_id", .in, testIDs)
                .orderBy("created_at").orderBy("issue_id").all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
                .map { ($0.testId, $0.issueId) }
        }
    }

    package func createReport(_ report: TestReport) async throws -> TestReport {
        try await sql.write { db in
            var stored = report
            stored.id =
                try await db.insert(into: "test_reports").columns("project_key", "name", "creator_uid", "created_at")
                .values(report.projectKey, report.name, report.creatorUID, report.createdAt)
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            for run in report.runIDs {
                try await db.insert(into: "test_report_runs").columns("report_id", "run_id").values(stored.id, run).run()
            }
            return stored
        }
    }

    package func deleteReport(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "test_reports").where("id", .equal, id).run() }
    }

    package func report(projectKey: String, id: Int64) async throws -> TestReport? {
        try await reports { $0.where("project_key", .equal, projectKey).where("id", .equal, id) }.first
    }

    /// A project's reports matching the filter, newest first.
    package func reports(_ filter: TestReportFilter) async throws -> [TestReport] {
        try await reports { select in
            var q = select.where("project_key", .equal, filter.projectKey)
            if filter.from > 0 { q = q.where("created_at", .greaterThanOrEqual, filter.from) }
            if filter.to > 0 { q = q.where("created_at", .lessThanOrEqual, filter.to) }
            if !filter.keyword.isEmpty { q = q.where(LikePattern.contains(column: "name", filter.keyword)) }
            return q
        }
    }

    func reports(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [TestReport] {
        struct Row: Decodable {
            var id: Int64
            var projectKey: String
            var name: String
            var creatorUid: String
            var createdAt: Int64
        }
        struct RunRow: Decodable {
            var reportId: Int64
            var runId: Int64
        }
        return try await sql.read { db in
            let rows = try await filter(db.select().columns("id", "project_key", "name", "creator_uid", "created_at").from("test_reports"))
                .orderBy("id", .descending).all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
            guard !rows.isEmpty else { return [] }
            let runs = try await db.select().columns("report_id", "run_id").from("test_report_runs").where("report_id", .in, rows.map(\.id))
                .orderBy("run_id").all(decoding: RunRow.self, keyDecodingStrategy: .snakeCase)
            return rows.map { row in
                var report = TestReport(projectKey: row.projectKey, name: row.name)
                report.id = row.id
                report.creatorUID = row.creatorUid
                report.createdAt = row.createdAt
                report.runIDs = runs.filter { $0.reportId == row.id }.map(\.runId)
                return report
            }
        }
    }
}
