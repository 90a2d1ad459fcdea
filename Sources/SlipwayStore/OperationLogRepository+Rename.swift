import SQLKit
import SlipwayCore

/// A project renamed keeps its operation log: the entries move to the new key, and the numbers
/// and counters the lists page by (`OperationLogRepository+Pages.swift`) are made again for it.
extension OperationLogRepository {
    /// Move the entries of project `old` to `new`, inside the rename's write transaction. Entries
    /// already under `new` (a project of that name deleted earlier, a call naming a project that
    /// did not exist) merge with the moved ones by id; the project's numbers, target rows and
    /// counters are rebuilt from the entries, so the lists stay exact. Costs O(the project's entries).
    package static func moveProject(from old: String, to new: String, _ db: any SQLDatabase) async throws {
        guard old != new else { return }
        try await db.update("operation_logs").set("project_key", to: SQLBind(new)).where("project_key", .equal, old).run()
        try await db.raw(
            """
            UPDATE operation_logs SET project_seq = r.rn
            FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM operation_logs WHERE project_key = \(bind: new)) AS r
            WHERE operation_logs.id = r.id
            """
        ).run()
        try await db.delete(from: "keyed_counters").where("counter", .equal, projectCounter)
            .where("subject", .in, [old, new]).run()
        try await db.raw(
            """
            INSERT INTO keyed_counters (counter, subject, n)
            SELECT \(bind: projectCounter), \(bind: new), COUNT(*) FROM operation_logs WHERE project_key = \(bind: new) HAVING COUNT(*) > 0
            """
        ).run()
        for table in ["operation_log_targets", "operation_log_target_counters"] {
            try await db.delete(from: table).where("project", .in, [old, new]).run()
        }
        let entries = try await db.select().column("id").column("scene").column("targets").from("operation_logs")
            .where("project_key", .equal, new).orderBy("id").all()
        for entry in entries {
            let targets = JSONColumn.decode([String].self, from: try entry.decode(column: "targets", as: String.self), default: [])
            for target in indexedTargets(targets) {
                try await recordTarget(
                    project: new, scene: try entry.decode(column: "scene", as: String.self), target: target,
                    logID: try entry.decode(column: "id", as: Int64.self), db)
            }
        }
    }
}
