import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// The plain read the task list uses (`SQLStore.readPlain`) gives what SQLKit's decoder gives,
/// NULL as ""/0, on both stores; a created task's row is the one the journal is handed.
@Suite struct PlainReadTests {
    @Test(arguments: StoreKind.enabled)
    func plainRowsHoldTheColumnsInOrder(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let rows = try await store.sql.readPlain(
                "SELECT 'a''b' AS t, 42 AS i, NULL AS n, -7 AS m, \(bind: "bound ✓") AS b",
                columns: [.text("t"), .int("i"), .text("n"), .int("m"), .text("b")])
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.text(0) == "a'b")
            #expect(row.int(1) == 42)
            #expect(row.text(2) == "")
            #expect(row.int(3) == -7)
            #expect(row.text(4) == "bound ✓")
            let none = try await store.sql.readPlain("SELECT 1 AS i WHERE 1 = 0", columns: [.int("i")])
            #expect(none.isEmpty)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func insertReturnsTheTasksRowAndNumbersFromOne(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let workflow = try await TaskListTests.seed(store, count: 0)
            for expected in 1...3 {
                let (task, row) = try await store.tasks.insert(WorkflowTask(workflow: workflow, taskID: 0, creator: "c", params: [], stages: []))
                #expect(task.taskID == expected)
                let stored = try await store.sql.readPlain(
                    "SELECT id FROM tasks WHERE workflow_key = \(bind: workflow.key) AND task_id = \(bind: expected)", columns: [.int("id")])
                #expect(stored.map { $0.int(0) } == [row])
            }
            #expect(try await store.tasks.summaries(workflowKey: workflow.key, page: 1, pageSize: 10).total == 3)
        }
    }
}
