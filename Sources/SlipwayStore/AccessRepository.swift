import SQLKit
import SlipwayCore

/// Gathers the facts a project permission decision needs; the decision itself is `ProjectAccess.allows`.
package struct AccessRepository: Sendable {
    let sql: any SQLStore

    /// The user's access to a project, or nil when the project does not exist.
    package func access(user: User, projectKey: String) async throws -> ProjectAccess? {
        try await sql.read { db in
            guard let project = try await ProjectRepository.get(key: projectKey, db) else { return nil }
            if user.isAdmin { return ProjectAccess(isSystemAdmin: true, projectIsPublic: project.isPublic, roles: []) }
            let groups = try await GroupRepository.groupIDs(of: user.uid, db)
            let roleNames = try await db.select().distinct().column("role_name").from("role_bindings")
                .where("namespace", .equal, projectKey)
                .where { q in
                    q.where { $0.where("subject_type", .equal, "user").where("subject_id", .equal, user.uid) }
                        .orWhere { $0.where("subject_type", .equal, "group").where("subject_id", .in, groups) }
                }
                .all(decodingColumn: "role_name", as: String.self)
            let roles =
                roleNames.isEmpty
                ? []
                : try await db.select().column("*").from("roles")
                    .where("namespace", .equal, projectKey).where("name", .in, roleNames)
                    .all(decoding: RoleRow.self).map(\.role)
            return ProjectAccess(isSystemAdmin: false, projectIsPublic: project.isPublic, roles: roles)
        }
    }
}
