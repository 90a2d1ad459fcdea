import SQLKit
import SlipwayCore

/// Test cases linked to the issues (requirements, defects, …) they cover (migration 31).
extension TestManagementRepository {
    /// Replace the issues case `caseID` is linked to.
    package func linkIssues(caseID: Int64, issueIDs: [Int64], projectKey: String) async throws {
        try await sql.write { db in
            try await db.delete(from: "test_case_issues").where("case_id", .equal, caseID).run()
            for issue in Set(issueIDs).sorted() {
                try await db.insert(into: "test_case_issues").columns("case_id", "issue_id", "project_key")
                    .values(SQLBind(caseID), SQLBind(issue), SQLBind(projectKey)).run()
            }
        }
    }

    /// The ids of the issues a case is linked to.
    package func linkedIssueIDs(caseID: Int64) async throws -> [Int64] {
        try await sql.read { db in
            try await db.select().column("issue_id").from("test_case_issues").where("case_id", .equal, caseID).orderBy("issue_id")
                .all(decodingColumn: "issue_id", as: Int64.self)
        }
    }

    /// The cases linked to an issue, by section and sort.
    package func cases(linkedTo issueID: Int64) async throws -> [TestCase] {
        try await cases { $0.where("id IN (SELECT case_id FROM test_case_issues WHERE issue_id = \(bind: issueID))" as SQLQueryString) }
    }
}

extension TestManagementRepository {
    /// The ids of the issues any of cases `caseIDs` is linked to.
    package func linkedIssueIDs(caseIDs: [Int64]) async throws -> Set<Int64> {
        guard !caseIDs.isEmpty else { return [] }
        return try await sql.read { db in
            Set(
                try await db.select().column("issue_id").from("test_case_issues").where("case_id", .in, Array(Set(caseIDs)))
                    .all(decodingColumn: "issue_id", as: Int64.self))
        }
    }
}
