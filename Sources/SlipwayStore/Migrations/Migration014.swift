import SQLKit

/// Foreign keys with `ON DELETE CASCADE` from every project-, depot-, merge-request-, rule- and
/// application-scoped table to the row it belongs to. Deleting a project or a depot is then one
/// `DELETE` and the database removes the rest; no list of table names has to be kept by hand.
/// They also carry `ON UPDATE CASCADE`, so renaming a project's key renames it everywhere.
///
/// Rows whose owner no longer exists (left behind by an older delete path) are removed, as the
/// delete that orphaned them meant to; every other row is kept. Depot ids of 0 ("no depot": a
/// user's own SSH key, an application of an external repository) become NULL, which a foreign
/// key lets through. SQLite cannot add a constraint to a table, so each child table is rebuilt
/// (`Migration014+SQLite`); PostgreSQL adds the constraints in place.
enum Migration014 {
    static let version = 14

    /// One foreign key: `table.column` names a row of `parent.parentColumn`.
    struct Reference: Sendable {
        let table: String
        let column: String
        let parent: String
        let parentColumn: String
        /// The column held 0 for "none"; it becomes nullable and 0 becomes NULL.
        var zeroMeansNone = false
    }

    /// Parents before children: a table is constrained only after the table it points to.
    static let references: [Reference] = {
        func project(_ table: String, _ column: String = "project_key") -> Reference {
            Reference(table: table, column: column, parent: "projects", parentColumn: "project_key")
        }
        func depot(_ table: String, zeroMeansNone: Bool = false) -> Reference {
            Reference(table: table, column: "depot_id", parent: "depots", parentColumn: "id", zeroMeansNone: zeroMeansNone)
        }
        return [
            project("project_services"), project("environments"),
            project("roles", "namespace"), project("role_bindings", "namespace"),
            project("workflows"), project("workflow_counters"), project("tasks"), project("workflow_views"),
            project("approval_tickets"), project("depots"),
            depot("merge_requests"), project("merge_requests"),
            Reference(table: "merge_request_reviewers", column: "merge_request_id", parent: "merge_requests", parentColumn: "id"),
            Reference(table: "merge_request_notes", column: "merge_request_id", parent: "merge_requests", parentColumn: "id"),
            Reference(table: "merge_request_events", column: "merge_request_id", parent: "merge_requests", parentColumn: "id"),
            depot("branch_protections"),
            Reference(table: "branch_protection_members", column: "protection_id", parent: "branch_protections", parentColumn: "id"),
            depot("commit_statuses"), depot("public_keys", zeroMeansNone: true), depot("git_releases"),
            depot("git_commit_comments"), depot("git_protected_tag_rules"), depot("git_read_only_branches"),
            depot("sdevs_applications", zeroMeansNone: true),
            Reference(table: "sdevs_dispatches", column: "app_id", parent: "sdevs_applications", parentColumn: "id"),
        ]
    }()

    /// Foreign-key columns no index leads with yet: a cascading delete looks its children up by them.
    static let indexes: [(name: String, table: String, column: String)] = [
        ("tasks_project", "tasks", "project_key"),
        ("workflow_counters_project", "workflow_counters", "project_key"),
        ("merge_requests_project", "merge_requests", "project_key"),
        ("merge_request_notes_request", "merge_request_notes", "merge_request_id"),
        ("public_keys_depot", "public_keys", "depot_id"),
        ("sdevs_applications_depot", "sdevs_applications", "depot_id"),
    ]

    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "sqlite" {
            try await SQLiteTableRebuild.addForeignKeys(references, db)
        } else {
            try await addForeignKeysInPlace(db)
        }
        for index in indexes {
            try await db.create(index: index.name).on(index.table).column(index.column).run()
        }
    }

    /// PostgreSQL: per reference, in order, make "none" NULL, drop orphans, add the constraint.
    static func addForeignKeysInPlace(_ db: any SQLDatabase) async throws {
        for ref in references {
            let table = SQLIdentifier(ref.table), column = SQLIdentifier(ref.column)
            let constraint = SQLIdentifier("\(ref.table)_\(ref.column)_fkey")
            if ref.zeroMeansNone {
                try await db.raw("ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL").run()
                try await db.raw("UPDATE \(table) SET \(column) = NULL WHERE \(column) = 0").run()
            }
            try await db.raw("DELETE FROM \(table) WHERE NOT (\(ownerExists(ref)))").run()
            try await db.raw(
                """
                ALTER TABLE \(table) ADD CONSTRAINT \(constraint)
                FOREIGN KEY (\(column)) REFERENCES \(SQLIdentifier(ref.parent)) (\(SQLIdentifier(ref.parentColumn)))
                \(unsafeRaw: actions)
                """
            ).run()
        }
    }

    /// What a change of the owner does to the row.
    static let actions = "ON DELETE CASCADE ON UPDATE CASCADE"

    /// True for a row of `ref.table` whose owner exists (or that names none).
    /// `value` is the expression read from the row (default: the column itself).
    static func ownerExists(_ ref: Reference, value: SQLQueryString? = nil) -> SQLQueryString {
        let column: SQLQueryString = value ?? "\(ident: ref.table).\(ident: ref.column)"
        return """
            \(column) IS NULL OR EXISTS (SELECT 1 FROM \(ident: ref.parent) p \
            WHERE p.\(ident: ref.parentColumn) = \(column))
            """
    }
}
