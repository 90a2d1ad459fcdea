import SQLKit
import SlipwayCore

extension RoleRepository {
    /// Grant a role to several subjects in its project (keeping what they already hold). When
    /// `definingIfMissing` is given and the project has no role of that name yet, the role is
    /// created from it first, in the same transaction (a concurrent first grant defining it too is
    /// fine); otherwise a missing role is `notFound`.
    package func grant(
        _ role: String, namespace: String, to subjects: [BindingSubject], definingIfMissing template: Role? = nil
    ) async throws {
        if let template {
            try Role.validateName(template.name)
            try Role.validateActions(template.actions)
        }
        try await sql.write { db in
            try await Self.requireProject(namespace, db)
            if let template {
                // A concurrent first grant may define it too: whichever commits first wins, the other binds to it.
                try await db.insert(into: "roles")
                    .columns("namespace", "name", "description", "type", "actions", "created_at")
                    .values(
                        SQLBind(namespace), SQLBind(role), SQLBind(template.description), SQLBind("custom"),
                        SQLBind(JSONColumn.encode(template.actions)), SQLBind(EpochMillis.now())
                    )
                    .ignoringConflicts(with: ["namespace", "name"]).run()
            }
            try await Self.requireRoles([role], namespace, db)
            for subject in subjects {
                try await Self.requireSubject(subject, db)
                try await Self.bind(namespace: namespace, subject: subject, role: role, db)
            }
        }
    }
}
