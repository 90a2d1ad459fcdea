import SQLKit
import SlipwayCore

struct CdApplicationRow: Codable {
    var name: String
    var cloudProviders: String
    var description: String
    var email: String
    var instancePort: Int
    var createdBy: String
    var lastModifyNickName: String
    var createdAt: Int64
    var updatedAt: Int64

    var application: CdApplication {
        CdApplication(
            name: name, cloudProviders: cloudProviders, description: description, email: email, instancePort: instancePort,
            user: createdBy, lastModifyNickName: lastModifyNickName, createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// A CD task execution as stored: its id, application, status and Spinnaker-shaped document.
package struct CdTaskExecution: Sendable, Equatable {
    package var id: String
    package var application: String
    /// `SUCCEEDED` or `TERMINAL`.
    package var status: String
    package var createdBy: String
    package var document: JSONValue
    package var createdAt: EpochMillis

    package init(id: String, application: String, status: String, createdBy: String, document: JSONValue, createdAt: EpochMillis) {
        self.id = id
        self.application = application
        self.status = status
        self.createdBy = createdBy
        self.document = document
        self.createdAt = createdAt
    }
}

/// CODING CD applications, the projects they are bound to, and CD task executions.
package struct CdApplicationRepository: Sendable {
    let sql: any SQLStore

    package func get(name: String) async throws -> CdApplication? {
        try await sql.read { db in
            try await db.select().column("*").from("cd_applications").where("name", .equal, name)
                .first(decoding: CdApplicationRow.self, keyDecodingStrategy: .snakeCase)?.application
        }
    }

    /// Every application, by name; `names` (when given) keeps only those.
    package func list(names: [String]? = nil) async throws -> [CdApplication] {
        try await sql.read { db in
            var query = db.select().column("*").from("cd_applications")
            if let names { query = query.where("name", .in, names.isEmpty ? [""] : names) }
            return try await query.orderBy("name").all(decoding: CdApplicationRow.self, keyDecodingStrategy: .snakeCase).map(\.application)
        }
    }

    /// Insert `application`, or replace the one of its name when `replace`; conflict when it
    /// exists and may not be replaced, not found when it must be replaced and is missing.
    package func save(_ application: CdApplication, replace: Bool) async throws {
        let values: [(String, any Encodable & Sendable)] = [
            ("cloud_providers", application.cloudProviders), ("description", application.description), ("email", application.email),
            ("instance_port", application.instancePort), ("last_modify_nick_name", application.lastModifyNickName),
            ("updated_at", application.updatedAt),
        ]
        try await sql.write { db in
            let exists = try await db.count("cd_applications", { $0.where("name", .equal, application.name) }) > 0
            if replace {
                guard exists else { throw SlipwayError.notFound("application \(application.name) not found") }
                var update = db.update("cd_applications")
                for (column, value) in values { update = update.set(column, to: value) }
                try await update.where("name", .equal, application.name).run()
            } else {
                guard !exists else { throw SlipwayError.conflict("application \(application.name) already exists") }
                let all =
                    [("name", application.name as any Encodable & Sendable), ("created_by", application.user), ("created_at", application.createdAt)] + values
                try await db.insert(into: "cd_applications").columns(all.map(\.0)).values(all.map { SQLBind($0.1) }).run()
            }
        }
    }

    package func delete(name: String) async throws {
        try await sql.write { db in
            let gone = try await db.delete(from: "cd_applications").where("name", .equal, name).returning("name").all()
            guard !gone.isEmpty else { throw SlipwayError.notFound("application \(name) not found") }
        }
    }

    /// Bind `application` to project `projectKey` (again: nothing changes).
    package func bind(_ application: String, projectKey: String) async throws {
        try await sql.write { db in
            guard try await db.count("cd_application_projects", { $0.where("application", .equal, application).where("project_key", .equal, projectKey) }) == 0
            else { return }
            try await db.insert(into: "cd_application_projects").columns("application", "project_key")
                .values(SQLBind(application), SQLBind(projectKey)).run()
        }
    }

    /// Names of the applications bound to any of `projectKeys`.
    package func boundApplications(projectKeys: [String]) async throws -> [String] {
        guard !projectKeys.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().distinct().column("application").from("cd_application_projects").where("project_key", .in, projectKeys)
                .orderBy("application").all(decodingColumn: "application", as: String.self)
        }
    }

    /// Keys of the projects `application` is bound to.
    package func projects(of application: String) async throws -> [String] {
        try await sql.read { db in
            try await db.select().column("project_key").from("cd_application_projects").where("application", .equal, application)
                .all(decodingColumn: "project_key", as: String.self)
        }
    }

    package func record(_ execution: CdTaskExecution) async throws {
        try await sql.write { db in
            try await db.insert(into: "cd_task_executions").columns("id", "application", "status", "created_by", "document", "created_at")
                .values(
                    SQLBind(execution.id), SQLBind(execution.application), SQLBind(execution.status), SQLBind(execution.createdBy),
                    SQLBind(JSONColumn.encode(execution.document)), SQLBind(execution.createdAt)
                ).run()
        }
    }

    package func execution(id: String) async throws -> CdTaskExecution? {
        try await sql.read { db in
            guard let row = try await db.select().column("*").from("cd_task_executions").where("id", .equal, id).first() else { return nil }
            return CdTaskExecution(
                id: try row.decode(column: "id", as: String.self), application: try row.decode(column: "application", as: String.self),
                status: try row.decode(column: "status", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
                document: JSONColumn.decode(JSONValue.self, from: try row.decode(column: "document", as: String.self), default: .null),
                createdAt: try row.decode(column: "created_at", as: Int64.self))
        }
    }
}
