import Foundation
import SQLKit
import SlipwayCore

/// A task's state to store over what is stored now.
package struct TaskWrite: Sendable {
    /// The state to store.
    package var task: WorkflowTask
    /// What is stored now (the last state written); nil when unknown, and everything is written.
    package var previous: WorkflowTask?
    /// The task's row in `tasks`, when the writer knows it from an earlier write (saves a lookup).
    package var row: Int64?

    package init(_ task: WorkflowTask, over previous: WorkflowTask?, row: Int64? = nil) {
        self.task = task
        self.previous = previous
        self.row = row
    }
}

/// Reading and writing one task's run state.
extension TaskRepository {
    /// Write a task's current state. With `previous` (what is stored now), only what changed is written.
    package func save(_ task: WorkflowTask, over previous: WorkflowTask? = nil) async throws {
        try await save([TaskWrite(task, over: previous)])
    }

    /// Write several tasks' states in one transaction: all of them are stored, or none. Returns
    /// each task's row in `tasks`, when it was looked up or given (nil: the task is gone).
    @discardableResult
    package func save(_ writes: [TaskWrite]) async throws -> [Int64?] {
        guard !writes.isEmpty else { return [] }
        let changes = try writes.map { try Self.changes($0.task, over: $0.previous, box) }
        if sql.dialectName == "postgresql", let statement = try Self.fixedBatch(writes, changes, box) {
            _ = try await sql.writePlainPrepared(statement, columns: [])
            return writes.map(\.row)
        }
        let work: @Sendable (any SQLDatabase) async throws -> [Int64?] = { [box] db in
            var rows: [Int64?] = []
            var progress: [(owner: Int64, row: TaskProgress)] = []
            for (write, change) in zip(writes, changes) {
                let owner = try await Self.applyColumns(change, of: write.task, row: write.row, db)
                rows.append(owner)
                if let owner { progress += change.rows.map { (owner, $0) } }
            }
            // Every task's changed progress rows in shared statements.
            try await Self.upsertProgress(progress, box, db)
            return rows
        }
        // A single statement commits by itself: no BEGIN and COMMIT around it.
        let statements =
            zip(writes, changes).reduce(0) { $0 + $1.1.statements(rowKnown: $1.0.row != nil) }
            + TaskChanges.upserts(changes.reduce(0) { $0 + $1.rows.count })
        return try await statements <= 1 ? sql.writeStatement(work) : sql.write(work)
    }

    /// Read-modify-write one task atomically. `change` may throw to abort without writing.
    @discardableResult
    package func update(workflowKey: String, taskID: Int, _ change: @Sendable (inout WorkflowTask) throws -> Void) async throws -> WorkflowTask {
        try await sql.write { [box] db in
            guard let stored = try await Self.task(workflowKey: workflowKey, taskID: taskID, box, db) else {
                throw SlipwayError.notFound("task \(workflowKey):\(taskID) not found")
            }
            var task = stored
            try change(&task)
            try await Self.write(task, over: stored, row: nil, box, db)
            return task
        }
    }

    package func get(workflowKey: String, taskID: Int) async throws -> WorkflowTask? {
        try await Self.task(workflowKey: workflowKey, taskID: taskID, box, sql)
    }

    /// Every task not yet finished, oldest first: what the engine reloads on start.
    package func unfinished() async throws -> [WorkflowTask] {
        try await sql.read { [box] db in
            try await Self.tasks(db, box, orderBy: "id") { $0.where(SQLColumn("status", table: "tasks"), .in, SQLBind.group(Self.liveStatuses)) }
        }
    }
}
