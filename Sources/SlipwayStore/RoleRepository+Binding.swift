import SQLKit
import SlipwayCore

extension RoleRepository {
    /// Takes one role from a subject (its other roles stay); `notFound` when it did not hold it.
    package func removeBinding(namespace: String, role: String, subject: BindingSubject) async throws {
        try await sql.write { db in
            try await Self.requireProject(namespace, db)
            let filter: (SQLSelectBuilder) -> SQLSelectBuilder = {
                $0.where("namespace", .equal, namespace).where("subject_type", .equal, subject.typeName)
                    .where("subject_id", .equal, subject.id).where("role_name", .equal, role)
            }
            guard try await db.count("role_bindings", filter) > 0 else {
                throw SlipwayError.notFound("the \(subject.typeName) does not hold role \(role)")
            }
            try await db.delete(from: "role_bindings").where("namespace", .equal, namespace)
                .where("subject_type", .equal, subject.typeName).where("subject_id", .equal, subject.id)
                .where("role_name", .equal, role).run()
        }
    }
}
