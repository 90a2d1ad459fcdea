import SQLKit
import SlipwayCore

struct ProjectRow: Codable {
    var projectKey: String
    var name: String
    var description: String
    var isPublic: Int
    var projectType: String
    var createdBy: String
    var createdAt: Int64
    var updatedBy: String
    var updatedAt: Int64
    var startDate: Int64
    var endDate: Int64

    init(_ p: Project) {
        projectKey = p.key
        name = p.name
        description = p.description
        isPublic = p.isPublic.sqlInt
        projectType = p.type.rawValue
        createdBy = p.createdBy
        createdAt = p.createdAt
        updatedBy = p.updatedBy
        updatedAt = p.updatedAt
        startDate = p.startDate
        endDate = p.endDate
    }

    var project: Project {
        var p = Project(
            key: projectKey, name: name, description: description, isPublic: isPublic != 0,
            type: ProjectType(rawValue: projectType) ?? .yaml, createdBy: createdBy, createdAt: createdAt,
            updatedBy: updatedBy, updatedAt: updatedAt)
        p.startDate = startDate
        p.endDate = endDate
        return p
    }

    static let columns = [
        "project_key", "name", "description", "is_public", "project_type", "created_by", "created_at", "updated_by", "updated_at", "start_date", "end_date",
    ]
}

struct ServiceRow: Codable {
    var projectKey: String
    var serviceName: String
    var source: String
    var templateName: String
    var yaml: String
    var valuesYaml: String
    var variableYaml: String
    var autoSync: Int
    var createdBy: String
    var createdAt: Int64
}

struct EnvironmentRow: Codable {
    var projectKey: String
    var envName: String
    var clusterName: String
    var namespace: String
    var production: Int
    var createdBy: String
    var createdAt: Int64
}

/// Projects, with the services and environments they are initialised with.
package struct ProjectRepository: Sendable {
    let sql: any SQLStore

    /// Create a project with its preset roles, the creator bound as project admin, and any initial
    /// services and environments — all in one transaction.
    package func create(
        _ project: Project, creatorUID: String, services: [ServiceDefinition] = [], environments: [EnvironmentDefinition] = []
    ) async throws {
        try Project.validateKey(project.key)
        try await sql.write { db in
            if try await db.count("projects", { $0.where("project_key", .equal, project.key) }) > 0 {
                throw SlipwayError.conflict("project \(project.key) already exists")
            }
            try await mapConflict("project \(project.key) already exists") {
                try await db.insert(into: "projects").model(ProjectRow(project), keyEncodingStrategy: .convertToSnakeCase).run()
            }
            for role in Role.presets(namespace: project.key) {
                try await RoleRepository.insert(role, db)
            }
            try await RoleRepository.bind(namespace: project.key, subject: .user(uid: creatorUID), role: Role.projectAdmin, db)
            for service in services {
                try await db.insert(into: "project_services").model(
                    ServiceRow(
                        projectKey: project.key, serviceName: service.name, source: service.source,
                        templateName: service.templateName, yaml: service.yaml, valuesYaml: service.valuesYAML,
                        variableYaml: service.variableYAMLJSON, autoSync: service.autoSync.sqlInt,
                        createdBy: service.createdBy, createdAt: service.createdAt), keyEncodingStrategy: .convertToSnakeCase
                ).run()
            }
            for env in environments {
                try await db.insert(into: "environments").model(
                    EnvironmentRow(
                        projectKey: project.key, envName: env.name, clusterName: env.clusterName, namespace: env.namespace,
                        production: env.production.sqlInt, createdBy: env.createdBy, createdAt: env.createdAt),
                    keyEncodingStrategy: .convertToSnakeCase
                ).run()
            }
        }
    }

    package func get(key: String) async throws -> Project? {
        try await sql.read { db in try await Self.get(key: key, db) }
    }

    static func get(key: String, _ db: any SQLDatabase) async throws -> Project? {
        try await byKey(key, db).first(decoding: ProjectRow.self, keyDecodingStrategy: .snakeCase)?.project
    }

    /// A project by key (every project-scoped request's access check).
    static let byKey = FixedSelect(ProjectRow.columns, from: "projects", where: "project_key")

    /// Projects the user may see (all for admins; public ones and those with a binding otherwise), newest first.
    package func list(visibleTo user: User, page: Int, pageSize: Int) async throws -> Page<Project> {
        try await sql.read { db in
            var visibleKeys: [String] = []
            if !user.isAdmin {
                let groups = try await GroupRepository.groupIDs(of: user.uid, db)
                visibleKeys = try await db.select().distinct().column("namespace").from("role_bindings")
                    .where { q in
                        q.where { $0.where("subject_type", .equal, "user").where("subject_id", .equal, user.uid) }
                            .orWhere { $0.where("subject_type", .equal, "group").where("subject_id", .in, groups) }
                    }
                    .all(decodingColumn: "namespace", as: String.self)
            }
            let keys = visibleKeys
            let result = try await db.page("projects", as: ProjectRow.self, page: page, pageSize: pageSize, orderBy: "id", descending: true) { q in
                if user.isAdmin { return q }
                return q.where { $0.where("is_public", .equal, 1).orWhere("project_key", .in, keys.isEmpty ? [""] : keys) }
            }
            return Page(items: result.rows.map(\.project), total: result.total)
        }
    }

    /// Delete a project and everything scoped to it, in one transaction: the foreign keys of
    /// migration 14 cascade to its workflows, tasks, views, tickets, roles, depots and everything
    /// hanging off those (Serverless Devs applications bound to its depots included). The
    /// workflows those applications run as go too, even when they live in another project.
    /// Returns the depots that went with it (their repositories are the caller's to remove).
    @discardableResult
    package func delete(key: String) async throws -> [Depot] {
        try await sql.write { db in
            guard try await Self.get(key: key, db) != nil else { throw SlipwayError.notFound("project \(key) not found") }
            let depots = try await db.select().column("*").from("depots").where("project_key", .equal, key).orderBy("id")
                .all(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase).map(\.depot)
            try await ServerlessApplicationRepository.deleteWorkflows(boundTo: depots.map(\.id), db)
            try await db.delete(from: "projects").where("project_key", .equal, key).run()
            return depots
        }
    }

    package func services(projectKey: String) async throws -> [ServiceDefinition] {
        try await sql.read { db in
            try await db.select().column("*").from("project_services").where("project_key", .equal, projectKey)
                .orderBy("service_name").all(decoding: ServiceRow.self, keyDecodingStrategy: .snakeCase)
                .map {
                    ServiceDefinition(
                        projectKey: $0.projectKey, name: $0.serviceName, source: $0.source,
                        templateName: $0.templateName, yaml: $0.yaml, valuesYAML: $0.valuesYaml,
                        variableYAMLJSON: $0.variableYaml, autoSync: $0.autoSync != 0,
                        createdBy: $0.createdBy, createdAt: $0.createdAt)
                }
        }
    }

    package func environments(projectKey: String) async throws -> [EnvironmentDefinition] {
        try await sql.read { db in
            try await db.select().column("*").from("environments").where("project_key", .equal, projectKey)
                .orderBy("env_name").all(decoding: EnvironmentRow.self, keyDecodingStrategy: .snakeCase)
                .map {
                    EnvironmentDefinition(
                        projectKey: $0.projectKey, name: $0.envName, clusterName: $0.clusterName,
                        namespace: $0.namespace, production: $0.production != 0,
                        createdBy: $0.createdBy, createdAt: $0.createdAt)
                }
        }
    }
}
