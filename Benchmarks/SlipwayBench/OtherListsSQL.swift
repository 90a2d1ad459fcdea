import SQLKit

/// The statements of `OtherListsFill`: the columns it inserts (at schema 41), the row counters
/// it sets, and the checks of every counter against its rows.
enum OtherListsSQL {
    static let mergeRequestColumns = [
        "depot_id", "iid", "project_key", "title", "description", "source_branch", "target_branch", "state", "author_uid", "actor_uid",
        "source_sha", "target_sha", "base_sha", "merge_commit_sha", "created_at", "updated_at", "action_at",
    ]
    static let operationLogColumns = [
        "username", "project_key", "method", "function", "scene", "targets", "detail", "request_body", "body_type", "status", "created_at",
        "seq",
    ]
    static let deliveryColumns = [
        "delivery_id", "provider", "event", "headers", "body", "signature_status", "received_at", "decision", "task_ref", "seq",
        "body_bytes",
    ]

    /// Migration 15's row counter of `table` (its row exists, at 0, in a fresh store) set to
    /// the rows inserted in bulk, as their `seq` numbers 1…n say.
    static func rowCounter(_ table: String) -> SQLQueryString {
        "UPDATE row_counters SET n = (SELECT COUNT(*) FROM \(ident: table)) WHERE name = \(literal: table)"
    }

    /// A keyed counter against its rows: each value's count, largest number and distinct numbers
    /// must all equal the counter (the numbers are then exactly 1…n).
    static func keyedCheck(_ table: String, _ column: String, _ number: String, _ counter: String) -> String {
        """
        SELECT COUNT(*) AS bad FROM (SELECT CAST(\(column) AS TEXT) AS subject, COUNT(*) AS c, MAX(\(number)) AS m,
            COUNT(DISTINCT \(number)) AS d FROM \(table) GROUP BY \(column)) g
        LEFT JOIN keyed_counters k ON k.counter = '\(counter)' AND k.subject = g.subject
        WHERE k.n IS NULL OR k.n <> g.c OR g.m <> g.c OR g.d <> g.c
        """
    }

    /// A table's row counter against its `seq` numbers.
    static func rowCheck(_ table: String) -> String {
        """
        SELECT COUNT(*) AS bad FROM row_counters k,
            (SELECT COUNT(*) AS c, MAX(seq) AS m, COUNT(DISTINCT seq) AS d FROM \(table)) g
        WHERE k.name = '\(table)' AND NOT (k.n = g.c AND g.m = g.c AND g.d = g.c)
        """
    }

    /// Each check's name and query; each query returns `bad`, how many counters disagree.
    static let checks: [(String, String)] = [
        (
            "merge request counts",
            """
            SELECT COUNT(*) AS bad FROM (SELECT depot_id, MAX(iid) AS last_iid, COUNT(*) AS c, COUNT(DISTINCT iid) AS d,
                SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END) AS o, SUM(CASE WHEN state = 'merged' THEN 1 ELSE 0 END) AS m,
                SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS x FROM merge_requests GROUP BY depot_id) g
            LEFT JOIN merge_request_counts k ON k.depot_id = g.depot_id
            WHERE k.depot_id IS NULL OR k.last_iid <> g.last_iid OR k.open_count <> g.o OR k.merged_count <> g.m
                OR k.closed_count <> g.x OR g.d <> g.c OR g.last_iid <> g.c
            """
        ),
        ("operation log seq", rowCheck("operation_logs")),
        ("operation log project_seq", keyedCheck("operation_logs", "project_key", "project_seq", "operation_logs.project")),
        ("operation log status_seq", keyedCheck("operation_logs", "status", "status_seq", "operation_logs.status")),
        (
            "operation log targets",
            """
            SELECT COUNT(*) AS bad FROM (SELECT project, scene, target, COUNT(*) AS c, MAX(seq) AS m, COUNT(DISTINCT seq) AS d
                FROM operation_log_targets GROUP BY project, scene, target) g
            LEFT JOIN operation_log_target_counters k ON k.project = g.project AND k.scene = g.scene AND k.target = g.target
            WHERE k.n IS NULL OR k.n <> g.c OR g.m <> g.c OR g.d <> g.c
            """
        ),
        // Every entry of the bench has one target: one target row each.
        ("operation log target rows", "SELECT ABS((SELECT COUNT(*) FROM operation_logs) - (SELECT COUNT(*) FROM operation_log_targets)) AS bad"),
        ("delivery seq", rowCheck("trigger_deliveries")),
        ("delivery provider_seq", keyedCheck("trigger_deliveries", "provider", "provider_seq", "trigger_deliveries.provider")),
    ]
}
