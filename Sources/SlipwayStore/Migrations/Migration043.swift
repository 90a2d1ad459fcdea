import SQLKit

/// Operation-log and webhook-delivery lists filtered by a value at O(page) (issue 12 point 2).
/// Each filter a user pages through gets, per value, a dense number (1, 2, 3… in insert order)
/// and a counter, both given out in the insert's transaction: a project's logs (`project_seq`),
/// a status's logs (`status_seq`), a provider's deliveries (`provider_seq`), counted in
/// `keyed_counters`; and the logs that acted on one target of a project and scene (an
/// environment), one row per target in `operation_log_targets`, counted in
/// `operation_log_target_counters`. Existing rows are numbered by id and counted here.
enum Migration043 {
    /// The numbered filters: table, filter column, number column, counter name.
    static let keyed = [
        ("operation_logs", "project_key", "project_seq", "operation_logs.project"),
        ("operation_logs", "status", "status_seq", "operation_logs.status"),
        ("trigger_deliveries", "provider", "provider_seq", "trigger_deliveries.provider"),
    ]

    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw(
            "CREATE TABLE keyed_counters (counter TEXT NOT NULL, subject TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (counter, subject))"
        ).run()
        for (table, column, seq, counter) in keyed {
            try await db.raw("ALTER TABLE \(ident: table) ADD COLUMN \(ident: seq) BIGINT NOT NULL DEFAULT 0").run()
            try await db.raw(
                """
                UPDATE \(ident: table) SET \(ident: seq) = r.rn
                FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY \(ident: column) ORDER BY id) AS rn FROM \(ident: table)) AS r
                WHERE \(ident: table).id = r.id
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO keyed_counters (counter, subject, n)
                SELECT \(literal: counter), CAST(\(ident: column) AS TEXT), COUNT(*) FROM \(ident: table) GROUP BY \(ident: column)
                """
            ).run()
            try await db.create(index: "\(table)_\(seq)").on(table).column(column).column(seq).run()
        }
        // The `(value, id)` indexes of migration 15 served OFFSET pages; the numbers replace them.
        try await db.drop(index: "operation_logs_project_id").run()
        try await db.drop(index: "trigger_deliveries_provider_id").run()
        try await applyToTargets(db)
    }

    /// One row per distinct non-empty target of each log, numbered per (project, scene, target)
    /// by log id. `project` is the entry's `project_key` but no foreign key: like the entries
    /// (the audit history), these rows outlive a deleted project. SQLite keeps the rows in their
    /// key's order (`WITHOUT ROWID`) and PostgreSQL's key index carries the log id, so a page's
    /// numbers are read from the key alone on both.
    static func applyToTargets(_ db: any SQLDatabase) async throws {
        let sqlite = db.dialect.name == "sqlite"
        let columns = "project TEXT NOT NULL, scene TEXT NOT NULL, target TEXT NOT NULL"
        try await db.raw(
            sqlite
                ? "CREATE TABLE operation_log_targets (\(unsafeRaw: columns), seq BIGINT NOT NULL, log_id BIGINT NOT NULL, PRIMARY KEY (project, scene, target, seq)) WITHOUT ROWID"
                : "CREATE TABLE operation_log_targets (\(unsafeRaw: columns), seq BIGINT NOT NULL, log_id BIGINT NOT NULL, PRIMARY KEY (project, scene, target, seq) INCLUDE (log_id))"
        ).run()
        try await db.raw(
            "CREATE TABLE operation_log_target_counters (\(unsafeRaw: columns), n BIGINT NOT NULL, PRIMARY KEY (project, scene, target))"
        ).run()
        try await OperationLogRepository.numberTargets(project: nil, db)
    }
}
