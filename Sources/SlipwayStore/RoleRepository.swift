import SQLKit
import SlipwayCore

struct RoleRow: Codable {
    var id: Int64
    var namespace: String
    var name: String
    var description: String
    var type: String
    var actions: String

    var role: Role {
        Role(
            id: id, name: name, namespace: namespace, description: description, type: type,
            actions: JSONColumn.decode([String].self, from: actions, default: []))
    }
}

struct BindingRow: Codable {
    var subjectType: String
    var subjectId: String
    var roleName: String
}

/// Project roles and the bindings that grant them to users and groups.
package struct RoleRepository: Sendable {
    let sql: any SQLStore

    package func list(namespace: String) async throws -> [Role] {
        try await sql.read { db in
            try await Self.requireProject(namespace, db)
            return try await db.select().column("*").from("roles").where("namespace", .equal, namespace).orderBy("id")
                .all(decoding: RoleRow.self).map(\.role)
        }
    }

    package func get(namespace: String, name: String) async throws -> Role? {
        try await sql.read { db in try await Self.get(namespace: namespace, name: name, db) }
    }

    static func get(namespace: String, name: String, _ db: any SQLDatabase) async throws -> Role? {
        try await db.select().column("*").from("roles").where("namespace", .equal, namespace).where("name", .equal, name)
            .first(decoding: RoleRow.self)?.role
    }

    /// Create a custom role in a project.
    @discardableResult
    package func create(_ role: Role) async throws -> Role {
        try Role.validateName(role.name)
        try Role.validateActions(role.actions)
        var role = role
        role.type = "custom"
        let stored = role
        return try await sql.write { db in
            try await Self.requireProject(stored.namespace, db)
            if try await Self.get(namespace: stored.namespace, name: stored.name, db) != nil {
                throw SlipwayError.conflict("role \(stored.name) already exists")
            }
            var created = stored
            created.id = try await Self.insert(stored, db)
            return created
        }
    }

    @discardableResult
    static func insert(_ role: Role, _ db: any SQLDatabase) async throws -> Int64 {
        try await mapConflict("role \(role.name) already exists") {
            try await db.insert(into: "roles")
                .columns("namespace", "name", "description", "type", "actions", "created_at")
                .values(
                    SQLBind(role.namespace), SQLBind(role.name), SQLBind(role.description), SQLBind(role.type),
                    SQLBind(JSONColumn.encode(role.actions)), SQLBind(EpochMillis.now())
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
        }
    }

    /// Replace a role's actions. Preset roles are fixed.
    package func update(namespace: String, name: String, actions: [String], description: String? = nil) async throws {
        try Role.validateActions(actions)
        try await sql.write { db in
            guard let role = try await Self.get(namespace: namespace, name: name, db) else {
                throw SlipwayError.notFound("role \(name) not found")
            }
            guard role.type != "system" else { throw SlipwayError.invalidInput("system role \(name) cannot be edited") }
            try await db.update("roles").set("actions", to: JSONColumn.encode(actions))
                .set("description", to: description ?? role.description)
                .where("namespace", .equal, namespace).where("name", .equal, name).run()
        }
    }

    /// Delete a custom role and every binding to it.
    package func delete(namespace: String, name: String) async throws {
        try await sql.write { db in
            guard let role = try await Self.get(namespace: namespace, name: name, db) else {
                throw SlipwayError.notFound("role \(name) not found")
            }
            guard role.type != "system" else { throw SlipwayError.invalidInput("system role \(name) cannot be deleted") }
            try await db.delete(from: "role_bindings").where("namespace", .equal, namespace).where("role_name", .equal, name).run()
            try await db.delete(from: "roles").where("namespace", .equal, namespace).where("name", .equal, name).run()
        }
    }

    // MARK: Bindings

    /// Every subject's roles in a project, users first, in binding order.
    package func bindings(namespace: String) async throws -> [RoleBinding] {
        try await sql.read { db in
            try await Self.requireProject(namespace, db)
            let rows = try await db.select().columns("subject_type", "subject_id", "role_name").from("role_bindings")
                .where("namespace", .equal, namespace).orderBy("id")
                .all(decoding: BindingRow.self, keyDecodingStrategy: .snakeCase)
            var order: [BindingSubject] = []
            var roles: [BindingSubject: [String]] = [:]
            for row in rows {
                let subject: BindingSubject = row.subjectType == "group" ? .group(gid: row.subjectId) : .user(uid: row.subjectId)
                if roles[subject] == nil { order.append(subject) }
                roles[subject, default: []].append(row.roleName)
            }
            return order.map { RoleBinding(namespace: namespace, subject: $0, roles: roles[$0] ?? []) }
        }
    }

    /// Grant one role to several subjects (keeping what they already hold).
    package func addBindings(namespace: String, role: String, subjects: [BindingSubject]) async throws {
        try await grant(role, namespace: namespace, to: subjects)
    }

    /// Replace the roles a subject holds in a project.
    package func replaceBindings(namespace: String, subject: BindingSubject, roles: [String]) async throws {
        try await sql.write { db in
            try await Self.requireProject(namespace, db)
            try await Self.requireSubject(subject, db)
            try await Self.requireRoles(roles, namespace, db)
            try await Self.unbindAll(namespace: namespace, subject: subject, db)
            for role in roles {
                try await Self.bind(namespace: namespace, subject: subject, role: role, db)
            }
        }
    }

    /// Remove every role a subject holds in a project.
    package func deleteBindings(namespace: String, subject: BindingSubject) async throws {
        try await sql.write { db in
            try await Self.requireProject(namespace, db)
            try await Self.unbindAll(namespace: namespace, subject: subject, db)
        }
    }

    static func bind(namespace: String, subject: BindingSubject, role: String, _ db: any SQLDatabase) async throws {
        let existing = try await db.count("role_bindings") {
            $0.where("namespace", .equal, namespace).where("subject_type", .equal, subject.typeName)
                .where("subject_id", .equal, subject.id).where("role_name", .equal, role)
        }
        guard existing == 0 else { return }
        try await db.insert(into: "role_bindings")
            .columns("namespace", "subject_type", "subject_id", "role_name", "created_at")
            .values(SQLBind(namespace), SQLBind(subject.typeName), SQLBind(subject.id), SQLBind(role), SQLBind(EpochMillis.now()))
            .run()
    }

    static func unbindAll(namespace: String, subject: BindingSubject, _ db: any SQLDatabase) async throws {
        try await db.delete(from: "role_bindings").where("namespace", .equal, namespace)
            .where("subject_type", .equal, subject.typeName).where("subject_id", .equal, subject.id).run()
    }

    static func requireProject(_ key: String, _ db: any SQLDatabase) async throws {
        guard try await db.count("projects", { $0.where("project_key", .equal, key) }) > 0 else {
            throw SlipwayError.notFound("project \(key) not found")
        }
    }

    static func requireRoles(_ names: [String], _ namespace: String, _ db: any SQLDatabase) async throws {
        for name in names where try await get(namespace: namespace, name: name, db) == nil {
            throw SlipwayError.notFound("role \(name) not found")
        }
    }

    static func requireSubject(_ subject: BindingSubject, _ db: any SQLDatabase) async throws {
        switch subject {
        case .user(let uid):
            guard try await UserRepository.find(uid: uid, db) != nil else { throw SlipwayError.notFound("user \(uid) not found") }
        case .group(let gid):
            guard try await GroupRepository.exists(gid: gid, db) else { throw SlipwayError.notFound("group \(gid) not found") }
        }
    }
}
