import SQLKit
import SlipwayCore

/// Membership lookups and editing a project's details, key included.
extension ProjectRepository {
    /// Projects the user holds a role in, directly or through a group, oldest first.
    package func memberProjects(uid: String) async throws -> [Project] {
        try await sql.read { db in
            let groups = try await GroupRepository.groupIDs(of: uid, db)
            let keys = try await db.select().distinct().column("namespace").from("role_bindings")
                .where { q in
                    q.where { $0.where("subject_type", .equal, "user").where("subject_id", .equal, uid) }
                        .orWhere { $0.where("subject_type", .equal, "group").where("subject_id", .in, groups) }
                }
                .all(decodingColumn: "namespace", as: String.self)
            guard !keys.isEmpty else { return [] }
            return try await db.select().columns(ProjectRow.columns).from("projects").where("project_key", .in, keys)
                .orderBy("id").all(decoding: ProjectRow.self, keyDecodingStrategy: .snakeCase).map(\.project)
        }
    }

    /// Tables whose rows embed the project key in stored specs as well as in a column; a
    /// project with rows there cannot change its key (the specs would keep naming the old one).
    static let keyPinningTables = [
        "project_services", "environments", "workflows", "workflow_counters", "tasks", "workflow_views",
        "approval_tickets",
    ]

    /// Writes a project's name, description and dates and, when `edited.key` differs from `key`,
    /// renames it: every row naming the project follows (by the foreign keys' `ON UPDATE CASCADE`,
    /// and the audit log explicitly), in one transaction. A rename is refused
    /// (`conflict`) when the new key is taken or when the project has workflows, services,
    /// environments or tasks, whose stored specs name the key.
    package func modify(key: String, to edited: Project) async throws {
        try Project.validateKey(edited.key)
        try await sql.write { db in
            guard try await Self.get(key: key, db) != nil else { throw SlipwayError.notFound("project \(key) not found") }
            if edited.key != key {
                if try await Self.get(key: edited.key, db) != nil {
                    throw SlipwayError.conflict("project \(edited.key) already exists")
                }
                for table in Self.keyPinningTables {
                    guard try await db.count(table, { $0.where("project_key", .equal, key) }) == 0 else {
                        throw SlipwayError.conflict(
                            "project \(key) has workflows, services or environments that refer to it by name; it cannot be renamed")
                    }
                }
            }
            try await mapConflict("project \(edited.key) already exists") {
                try await db.update("projects").set("project_key", to: SQLBind(edited.key))
                    .set("name", to: SQLBind(edited.name)).set("description", to: SQLBind(edited.description))
                    .set("start_date", to: SQLBind(edited.startDate)).set("end_date", to: SQLBind(edited.endDate))
                    .set("updated_by", to: SQLBind(edited.updatedBy)).set("updated_at", to: SQLBind(edited.updatedAt))
                    .where("project_key", .equal, key).run()
            }
            // The operation log is history outside the foreign keys: its entries, their
            // per-project numbers and counters move with the key.
            if edited.key != key { try await OperationLogRepository.moveProject(from: key, to: edited.key, db) }
        }
    }
}
