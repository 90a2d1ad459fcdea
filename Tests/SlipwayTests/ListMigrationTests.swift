import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2: migration 15 on a store that already holds tasks, operation logs and
/// webhook deliveries. Task names come from each task's own state (a workflow renamed since
/// keeps its old tasks' names), counts and counters are backfilled and repaired, and the dense
/// sequences of logs and deliveries continue where the rows left off.
@Suite struct ListMigrationTests {
    @Test(arguments: StoreKind.enabled)
    func existingRowsAreBackfilled(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "migration-15")
            let sql = try await database.openSQL(logger: logger)
            let box = try SecretBox(base64: SecretBox.generateKey())
            do {
                try await Migrator.migrate(sql, logger: logger, secrets: box, upTo: 14)
                try await sql.write { db in
                    for statement in Self.legacyRows { try await db.raw(SQLQueryString(statement)).run() }
                    for (key, name, ids) in [("wf", "Old Name", [1, 2, 3]), ("nocounter", "NC", [1, 2]), ("gappy", "Gappy", [1, 2, 4])] {
                        for id in ids { try await Self.insertTask(key, name, id, box, db) }
                    }
                }
                try await Migrator.migrate(sql, logger: logger, secrets: box)
                let store = Store(sql: sql, secrets: box)

                let wf = try await store.tasks.summaries(workflowKey: "wf", page: 1, pageSize: 10)
                #expect(wf.total == 3 && wf.items.map(\.taskID) == [3, 2, 1])
                #expect(wf.items.allSatisfy { $0.workflowName == "Old Name" }, "the name the tasks were created under")
                #expect(wf.items.first?.creator == "c3" && wf.items.first?.createdAt == 1_003)

                let orphan = try await store.tasks.summaries(workflowKey: "nocounter", page: 1, pageSize: 10)
                #expect(orphan.total == 2 && orphan.items.map(\.taskID) == [2, 1])
                let next = try await store.tasks.create(
                    WorkflowTask(
                        workflow: Workflow(key: "nocounter", displayName: "NC", projectKey: "p", createdBy: "u"), taskID: 0, creator: "c",
                        params: [], stages: []))
                #expect(next.taskID == 3, "a counter made from the stored tasks goes on after them")
                #expect(try await store.tasks.summaries(workflowKey: "nocounter", page: 1, pageSize: 10).total == 3)

                let gappy = try await store.tasks.summaries(workflowKey: "gappy", page: 1, pageSize: 2)
                #expect(gappy.total == 3 && gappy.items.map(\.taskID) == [4, 2], "last_task_id was 2, below task 4: repaired")
                #expect(try await store.tasks.summaries(workflowKey: "gappy", page: 2, pageSize: 2).items.map(\.taskID) == [1])

                let logs = try await store.operationLogs.list(OperationLogQuery(page: 1, perPage: 2))
                #expect(logs.total == 3 && logs.items.map(\.function) == ["f3", "f2"])
                try await store.operationLogs.record(
                    OperationLog(
                        username: "u", projectKey: "p", method: "POST", function: "f4", detail: "", requestBody: "", bodyType: "", status: 200))
                let after = try await store.operationLogs.list(OperationLogQuery(page: 2, perPage: 2))
                #expect(after.total == 4 && after.items.map(\.function) == ["f2", "f1"])

                let deliveries = try await store.deliveries.list(provider: nil, limit: 10)
                #expect(deliveries.map(\.deliveryID) == ["d2", "d1"])
                #expect(deliveries.map(\.bodyBytes) == [2, 6], "bytes, not characters")
            } catch {
                await sql.close()
                throw error
            }
            await sql.close()
        }
    }

    static func insertTask(_ key: String, _ name: String, _ id: Int, _ box: SecretBox, _ db: any SQLDatabase) async throws {
        let workflow = Workflow(key: key, displayName: name, projectKey: "p", createdBy: "u")
        let task = WorkflowTask(workflow: workflow, taskID: id, creator: "c\(id)", params: [], stages: [], now: 1_000 + Int64(id))
        let state = try box.seal(String(decoding: try JSONEncoder().encode(task), as: UTF8.self))
        try await db.insert(into: "tasks")
            .columns("workflow_key", "task_id", "project_key", "status", "creator", "created_at", "started_at", "ended_at", "state", "updated_at")
            .values(
                SQLBind(key), SQLBind(id), SQLBind("p"), SQLBind("created"), SQLBind(task.creator), SQLBind(task.createdAt), SQLBind(0),
                SQLBind(0), SQLBind(state), SQLBind(1)
            )
            .run()
    }

    static func workflow(_ key: String, _ name: String) -> String {
        """
        INSERT INTO workflows (workflow_key, project_key, display_name, description, concurrency_limit, disabled,
          enable_approval_ticket, params, stages, notify_ctls, definition, created_by, created_at, updated_by, updated_at)
        VALUES ('\(key)', 'p', '\(name)', '', -1, 0, 0, '[]', '[]', '[]', '{}', 'u', 1, 'u', 1)
        """
    }

    static func log(_ n: Int) -> String {
        """
        INSERT INTO operation_logs (username, project_key, method, function, scene, targets, detail, request_body, body_type, status, created_at)
        VALUES ('u', 'p', 'POST', 'f\(n)', '', '[]', '', '', '', 200, \(n))
        """
    }

    static func delivery(_ id: String, body: String) -> String {
        """
        INSERT INTO trigger_deliveries (delivery_id, provider, event, headers, body, signature_status, received_at, decision, task_ref)
        VALUES ('\(id)', 'github', 'push', '{}', '\(body)', 'valid', 1, '', '')
        """
    }

    /// A project with three workflows (`wf` renamed since its tasks ran; `nocounter` without a
    /// counter row; `gappy` with a counter below its highest task), three logs, two deliveries.
    static let legacyRows: [String] = [
        """
        INSERT INTO projects (project_key, name, description, is_public, project_type, created_by, created_at, updated_by, updated_at)
        VALUES ('p', 'P', '', 0, 'yaml', 'u', 1, 'u', 1)
        """,
        workflow("wf", "New Name"), workflow("nocounter", "NC"), workflow("gappy", "Gappy"),
        "INSERT INTO workflow_counters (workflow_key, project_key, last_task_id) VALUES ('wf', 'p', 3), ('gappy', 'p', 2)",
        log(1), log(2), log(3),
        delivery("d1", body: "héllo"), delivery("d2", body: "{}"),
    ]
}
