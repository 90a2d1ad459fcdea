import SQLKit
import SlipwayCore

struct ViewRow: Codable {
    var projectKey: String
    var name: String
    var workflows: String
    var updatedBy: String
    var updatedAt: Int64

    var view: WorkflowView {
        WorkflowView(
            projectKey: projectKey, name: name,
            workflows: JSONColumn.decode([WorkflowView.Entry].self, from: workflows, default: []),
            updatedBy: updatedBy, updatedAt: updatedAt)
    }
}

/// Workflow views of a project.
package struct ViewRepository: Sendable {
    let sql: any SQLStore

    package func list(projectKey: String) async throws -> [WorkflowView] {
        try await sql.read { db in
            try await db.select().column("*").from("workflow_views").where("project_key", .equal, projectKey).orderBy("id")
                .all(decoding: ViewRow.self, keyDecodingStrategy: .snakeCase).map(\.view)
        }
    }

    package func get(projectKey: String, name: String) async throws -> WorkflowView? {
        try await sql.read { db in try await Self.get(projectKey: projectKey, name: name, db) }
    }

    static func get(projectKey: String, name: String, _ db: any SQLDatabase) async throws -> WorkflowView? {
        try await db.select().column("*").from("workflow_views").where("project_key", .equal, projectKey).where("name", .equal, name)
            .first(decoding: ViewRow.self, keyDecodingStrategy: .snakeCase)?.view
    }

    /// Create a view; every listed workflow must exist in the project.
    package func create(_ view: WorkflowView) async throws {
        guard !view.name.isEmpty else { throw SlipwayError.invalidInput("name is required") }
        try await sql.write { db in
            try await RoleRepository.requireProject(view.projectKey, db)
            try await Self.requireWorkflows(view, db)
            if try await Self.get(projectKey: view.projectKey, name: view.name, db) != nil {
                throw SlipwayError.conflict("view \(view.name) already exists")
            }
            try await db.insert(into: "workflow_views").columns("project_key", "name", "workflows", "updated_by", "updated_at")
                .values(
                    SQLBind(view.projectKey), SQLBind(view.name), SQLBind(JSONColumn.encode(view.workflows)),
                    SQLBind(view.updatedBy), SQLBind(view.updatedAt)
                ).run()
        }
    }

    /// Replace a view's workflow list (entries with `enabled: false` are dropped).
    package func update(_ view: WorkflowView) async throws {
        try await sql.write { db in
            guard try await Self.get(projectKey: view.projectKey, name: view.name, db) != nil else {
                throw SlipwayError.notFound("find workflow view error: view \(view.name) not found")
            }
            let kept = WorkflowView(
                projectKey: view.projectKey, name: view.name, workflows: view.workflows.filter(\.enabled),
                updatedBy: view.updatedBy, updatedAt: view.updatedAt)
            try await Self.requireWorkflows(kept, db)
            try await Self.save(kept, db)
        }
    }

    /// Enable (add) or disable (remove) the listed workflows of a view; the others stay as they are.
    package func setEnabled(projectKey: String, name: String, changes: [WorkflowView.Entry], by user: String) async throws {
        try await sql.write { db in
            guard var view = try await Self.get(projectKey: projectKey, name: name, db) else {
                throw SlipwayError.notFound("find workflow view error: view \(name) not found")
            }
            try await Self.requireWorkflows(
                WorkflowView(
                    projectKey: projectKey, name: name, workflows: changes.filter(\.enabled),
                    updatedBy: user), db)
            for change in changes {
                if change.enabled {
                    if !view.workflows.contains(where: { $0.workflowKey == change.workflowKey }) { view.workflows.append(change) }
                } else {
                    view.workflows.removeAll { $0.workflowKey == change.workflowKey }
                }
            }
            view.updatedBy = user
            view.updatedAt = .now()
            try await Self.save(view, db)
        }
    }

    /// Add one workflow to a view, creating the view when needed.
    static func add(projectKey: String, name: String, workflowKey: String, by user: String, _ db: any SQLDatabase) async throws {
        if var view = try await Self.get(projectKey: projectKey, name: name, db) {
            if !view.workflows.contains(where: { $0.workflowKey == workflowKey }) {
                view.workflows.append(.init(workflowKey: workflowKey))
            }
            view.updatedBy = user
            view.updatedAt = .now()
            try await Self.save(view, db)
        } else {
            try await db.insert(into: "workflow_views").columns("project_key", "name", "workflows", "updated_by", "updated_at")
                .values(
                    SQLBind(projectKey), SQLBind(name), SQLBind(JSONColumn.encode([WorkflowView.Entry(workflowKey: workflowKey)])),
                    SQLBind(user), SQLBind(EpochMillis.now())
                ).run()
        }
    }

    package func delete(projectKey: String, name: String) async throws {
        try await sql.write { db in
            guard try await Self.get(projectKey: projectKey, name: name, db) != nil else {
                throw SlipwayError.notFound("find workflow view error: view \(name) not found")
            }
            try await db.delete(from: "workflow_views").where("project_key", .equal, projectKey).where("name", .equal, name).run()
        }
    }

    /// A deleted workflow leaves every view.
    static func removeEverywhere(projectKey: String, workflowKey: String, _ db: any SQLDatabase) async throws {
        let views = try await db.select().column("*").from("workflow_views").where("project_key", .equal, projectKey)
            .all(decoding: ViewRow.self, keyDecodingStrategy: .snakeCase).map(\.view)
        for var view in views where view.workflows.contains(where: { $0.workflowKey == workflowKey }) {
            view.workflows.removeAll { $0.workflowKey == workflowKey }
            try await Self.save(view, db)
        }
    }

    static func save(_ view: WorkflowView, _ db: any SQLDatabase) async throws {
        try await db.update("workflow_views").set("workflows", to: JSONColumn.encode(view.workflows))
            .set("updated_by", to: view.updatedBy).set("updated_at", to: view.updatedAt)
            .where("project_key", .equal, view.projectKey).where("name", .equal, view.name).run()
    }

    static func requireWorkflows(_ view: WorkflowView, _ db: any SQLDatabase) async throws {
        for entry in view.workflows {
            guard let workflow = try await WorkflowRepository.row(key: entry.workflowKey, db), workflow.projectKey == view.projectKey else {
                throw SlipwayError.notFound("workflow \(entry.workflowKey) not found in project \(view.projectKey)")
            }
        }
    }
}
