import SQLKit
import Testing

@testable import SlipwayStore

/// The row decoder's column names for property names: the same as SQLKit's `.convertFromSnakeCase`
/// (quirks included: `depotID` looks for `depot_iD`), and a real row decodes the same with both.
@Suite struct SnakeCaseKeyTests {
    @Test func propertyNamesMapToTheirColumns() {
        let expected = [
            "id": "id", "taskId": "task_id", "workflowKey": "workflow_key", "depotID": "depot_iD", "lastTaskId": "last_task_id",
            "sha256Sum": "sha256_sum", "projectIDs": "project_i_ds", "bodyBytes": "body_bytes", "isHTTPSURL": "is_hTTPSURL",
            "httpURLString": "http_uRL_string",
        ]
        for (key, column) in expected { #expect(SnakeCaseKey.column(for: key) == column, "\(key)") }
        // Asked again, the remembered answer is the same.
        #expect(SnakeCaseKey.column(for: "taskId") == "task_id")
    }

    @Test(arguments: StoreKind.enabled)
    func rowsDecodeAsWithSQLKitsOwnStrategy(kind: StoreKind) async throws {
        struct Row: Decodable, Equatable {
            var taskId: Int
            var workflowKey: String
            var bodyBytes: Int
            var sha256Sum: String
        }
        try await withFreshStore(kind) { store in
            let rows = try await store.sql.read { db in
                let query = "SELECT 7 AS task_id, 'w' AS workflow_key, 3 AS body_bytes, 'abc' AS sha256_sum"
                return (
                    try await db.raw(SQLQueryString(query)).first(decoding: Row.self, keyDecodingStrategy: .snakeCase),
                    try await db.raw(SQLQueryString(query)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
                )
            }
            #expect(rows.0 == Row(taskId: 7, workflowKey: "w", bodyBytes: 3, sha256Sum: "abc"))
            #expect(rows.0 == rows.1)
        }
    }
}
