import SQLKit
import SlipwayCore

/// On PostgreSQL a batch of task writes is one statement: each task's UPDATE is a data-modifying
/// `WITH` part and the shared progress upsert the main statement. It commits by itself, so the
/// batch costs one round trip instead of BEGIN, each statement and COMMIT. (SQLite has no
/// data-modifying `WITH`; there the batch stays a transaction of its statements.)
extension TaskRepository {
    /// The batch as one statement, or nil when it cannot be one: a task's row is not known yet
    /// (its UPDATE must return it first), or the progress rows need more than one upsert.
    static func oneStatement(_ writes: [TaskWrite], _ changes: [TaskChanges], _ box: SecretBox) throws -> SQLQueryString? {
        var progress: [(owner: Int64, row: TaskProgress)] = []
        var updates: [SQLQueryString] = []
        for (write, change) in zip(writes, changes) {
            if !change.columns.isEmpty { updates.append(columnUpdate(change, of: write.task, row: write.row)) }
            guard !change.rows.isEmpty else { continue }
            guard let row = write.row else { return nil }
            progress += change.rows.map { (row, $0) }
        }
        guard progress.count <= upsertBatch, !updates.isEmpty || !progress.isEmpty else { return nil }
        guard !updates.isEmpty else { return try progressUpsert(progress[...], box) }
        var statement = SQLQueryString("WITH ")
        for (n, update) in updates.enumerated() {
            statement += "\(unsafeRaw: n == 0 ? "" : ", ")u\(unsafeRaw: String(n)) AS (" + update + ")"
        }
        return statement + " " + (progress.isEmpty ? "SELECT 1" : try progressUpsert(progress[...], box))
    }
}
