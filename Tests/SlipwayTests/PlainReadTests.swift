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
            // Integer binds, a column the select lacks, a NULL, and a cell of the other kind.
            let mixed = try await store.sql.readPlain(
                "SELECT \(bind: 9_000_000_000 as Int) + 1 AS big, \(bind: Int64(-3)) AS small, NULL AS n, 'text' AS s",
                columns: [.int("big"), .int("small"), .int("absent"), .text("n"), .int("s")])
            let first = try #require(mixed.first)
            #expect(first.int(0) == 9_000_000_001 && first.int(1) == -3)
            #expect(first.isNull(2) && first.isNull(3) && first.text(3) == "")
            #expect(first.isNull(4) && first.int(4) == 0, "a text cell read as an integer is NULL")
            // A bind of another type (a Double) takes the general path, with the same answer.
            let general = try await store.sql.readPlain(
                "SELECT 'x' AS t, 5 AS i WHERE 2.5 < \(bind: 3.5)", columns: [.text("t"), .int("i"), .int("absent")])
            #expect(general.count == 1 && general.first?.text(0) == "x" && general.first?.int(1) == 5 && general.first?.isNull(2) == true)
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

    /// Tasks created at once on one workflow get distinct numbers 1…N, each with its stages and
    /// jobs and its own number when read back (on PostgreSQL a create is one statement, and its
    /// sealed document holds no number).
    @Test(arguments: StoreKind.enabled)
    func concurrentInsertsNumberEachTaskOnceWithItsProgress(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let workflow = try await TaskListTests.seed(store, count: 0)
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        var task = WorkflowTask(workflow: workflow, taskID: 0, creator: "c\(n)", params: [], stages: [])
                        let job = JobRun(name: "j", type: .freestyle, spec: .object(["script": .string("true")]), errorPolicy: ErrorPolicy())
                        task.stages = [StageRun(name: "s\(n)", parallel: false, jobs: [job])]
                        return try await store.tasks.insert(task).task.taskID
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...12))
            for number in 1...12 {
                let stored = try #require(try await store.tasks.get(workflowKey: workflow.key, taskID: number))
                #expect(stored.taskID == number)
                #expect(stored.stages.map(\.jobs.count) == [1])
                #expect(stored.stages.first?.jobs.first?.status == .notStarted)
            }
            #expect(try await store.tasks.summaries(workflowKey: workflow.key, page: 1, pageSize: 5).total == 12)
        }
    }
}
