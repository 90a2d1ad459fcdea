import SQLKit
import SlipwayCore

/// A project renamed keeps its operation log: the entries move to the new key, and the numbers
/// and counters the lists page by (`OperationLogRepository+Pages.swift`) are made again for it.
extension OperationLogRepository {
    /// Move the entries of project `old` to `new`, inside the rename's write transaction. Entries
    /// already under `new` (a project of that name deleted earlier, a call naming a project that
    /// did not exist) merge with the moved ones by id; the project's numbers, target rows and
    /// counters are rebuilt from the entries in a few set statements, so the lists stay exact.
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
        try await numberTargets(project: new, db)
    }

    /// One `operation_log_targets` row per distinct non-empty target of each entry (of project
    /// `project`, or of every project), numbered per (project, scene, target) by entry id, and
    /// their counters: two statements whatever the entries' number (migration 43 and a rename).
    /// The same rows as `recordTarget` writes entry by entry.
    static func numberTargets(project: String?, _ db: any SQLDatabase) async throws {
        let only: SQLQueryString = project.map { " AND l.project_key = \(bind: $0)" } ?? ""
        let elements: SQLQueryString =
            db.dialect.name == "sqlite"
            ? """
            SELECT DISTINCT l.id, l.project_key AS project, l.scene, j.value AS target FROM operation_logs l,
            json_each(CASE WHEN json_valid(l.targets) AND json_type(l.targets) = 'array' THEN l.targets ELSE '[]' END) AS j
            WHERE j.type = 'text' AND j.value <> ''\(only)
            """
            : """
            SELECT DISTINCT l.id, l.project_key AS project, l.scene, j.value #>> '{}' AS target FROM operation_logs l
            CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN l.targets LIKE '[%' THEN l.targets::jsonb ELSE '[]'::jsonb END) AS j(value)
            WHERE jsonb_typeof(j.value) = 'string' AND j.value #>> '{}' <> ''\(only)
            """
        try await db.raw(
            """
            INSERT INTO operation_log_targets (project, scene, target, seq, log_id)
            SELECT project, scene, target, ROW_NUMBER() OVER (PARTITION BY project, scene, target ORDER BY id), id
            FROM (\(elements)) AS e
            """
        ).run()
        let counted: SQLQueryString = project.map { " WHERE project = \(bind: $0)" } ?? ""
        try await db.raw(
            """
            INSERT INTO operation_log_target_counters (project, scene, target, n)
            SELECT project, scene, target, COUNT(*) FROM operation_log_targets\(counted) GROUP BY project, scene, target
            """
        ).run()
    }
}
