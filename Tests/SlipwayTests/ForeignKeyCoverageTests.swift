import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 11 point 2: every table holding rows of a project, a depot or another owner row
/// cascades from it. Read from the database itself, on both stores: a new table that forgets
/// its foreign key fails here, instead of outliving a deleted project.
@Suite struct ForeignKeyCoverageTests {
    /// Columns that name an owner row, and the table that row lives in.
    static func owner(of column: String) -> String? {
        switch column {
        case "namespace": return "projects"  // roles and role bindings are scoped by project key
        case "merge_request_id": return "merge_requests"
        case "protection_id": return "branch_protections"
        case "app_id": return "sdevs_applications"
        default:
            if column.hasSuffix("project_key") { return "projects" }
            if column.hasSuffix("depot_id") { return "depots" }
            return nil
        }
    }

    /// Owner-named columns that deliberately do not cascade, and why.
    static let exceptions: [String: String] = [
        // The project itself.
        "projects.project_key": "the parent row",
        // The audit log records what happened to a project, including its deletion: it outlives it.
        "operation_logs.project_key": "audit history",
        // An environment's Kubernetes namespace, not a Slipway project (the environment cascades by project_key).
        "environments.namespace": "not a project",
        // An image registry's namespace (the path images go under in the registry), not a Slipway project.
        "zadig_image_registries.namespace": "not a project",
        // A test plan's optional repository (0: none): a deleted depot reads as none, the plan stays.
        "test_runs.git_depot_id": "optional link",
    ]

    /// `table.column` of every owner-named column without an `ON DELETE CASCADE` foreign key to its
    /// owner (and, for a project, `ON UPDATE CASCADE`).
    static func uncovered(_ schema: SchemaCatalog) -> [String] {
        var missing: [String] = []
        for table in schema.tables {
            for column in schema.columns[table] ?? [] {
                guard let parent = owner(of: column), exceptions["\(table).\(column)"] == nil else { continue }
                // A project key can be renamed: what names one follows the rename.
                guard let key = schema.foreignKey(table, column), key.cascades, key.parent == parent,
                    key.followsUpdates || parent != "projects"
                else {
                    missing.append("\(table).\(column)")
                    continue
                }
            }
        }
        return missing.sorted()
    }

    @Test(arguments: StoreKind.enabled)
    func everyOwnedTableCascadesFromItsOwner(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let schema = try await SchemaCatalog.read(store.sql)
            #expect(Self.uncovered(schema) == [], "add a foreign key with ON DELETE CASCADE (or an explained exception)")
            for exception in Self.exceptions.keys.sorted() {
                let parts = exception.split(separator: ".").map(String.init)
                #expect(schema.columns[parts[0]]?.contains(parts[1]) == true, "stale exception \(exception)")
            }
            // Spot checks of what the rule means, table by table.
            #expect(schema.foreignKey("sdevs_applications", "depot_id")?.cascades == true)
            #expect(schema.foreignKey("sdevs_dispatches", "app_id")?.parent == "sdevs_applications")
            #expect(schema.foreignKey("roles", "namespace")?.parentColumn == "project_key")
            #expect(schema.foreignKey("merge_request_notes", "merge_request_id")?.parentColumn == "id")
        }
    }

    /// A write naming an owner that is not there (deleted meanwhile) is refused as `notFound`,
    /// not stored as an orphan and not reported as a conflict or an internal error.
    @Test(arguments: StoreKind.enabled)
    func aRowWhoseOwnerIsGoneIsRefusedAsNotFound(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let workflow = Workflow(key: "orphan", displayName: "o", projectKey: "gone", createdBy: "admin")
            await #expect(throws: SlipwayError.notFound("the project, depot or other record this belongs to no longer exists")) {
                try await store.tasks.create(WorkflowTask(workflow: workflow, taskID: 0, creator: "admin", params: [], stages: []))
            }
            await #expect(throws: SlipwayError.notFound("the project, depot or other record this belongs to no longer exists")) {
                try await store.publicKeys.create(
                    PublicKey(
                        ownerUID: "u1", depotID: 999, title: "k", content: "ssh-ed25519 AAAA", fingerprint: "fp", md5Fingerprint: "md5"))
            }
            let stored = try await store.tasks.get(workflowKey: "orphan", taskID: 1)
            #expect(stored == nil)
        }
    }

    /// The check bites: a table added without a foreign key is reported.
    @Test(arguments: StoreKind.enabled)
    func aTableWithoutItsForeignKeyIsReported(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            try await store.sql.write { db in
                try await db.create(table: "orphan_notes").column("id", type: .bigint, .primaryKey(autoIncrement: true))
                    .column("project_key", type: .text, .notNull).column("depot_id", type: .bigint).run()
            }
            #expect(Self.uncovered(try await SchemaCatalog.read(store.sql)) == ["orphan_notes.depot_id", "orphan_notes.project_key"])
        }
    }
}
