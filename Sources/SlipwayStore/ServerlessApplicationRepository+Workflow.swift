import SQLKit
import SlipwayCore

/// An application and the workflow it runs as, written and removed together.
extension ServerlessApplicationRepository {
    /// Stores a new application and its workflow in one transaction: both rows are there, or
    /// neither is. `workflow` builds the workflow from the stored application (its id and
    /// `workflowKey` are assigned here); its project must exist and its key be unused.
    package func create(
        _ app: ServerlessApplication, workflow: @escaping @Sendable (ServerlessApplication) throws -> Workflow
    ) async throws -> (application: ServerlessApplication, workflow: Workflow) {
        let triggerSpec = try ServerlessApplicationRow.sealTriggerSpec(app.triggerSpec, box)
        let secrets = try ServerlessApplicationRow.sealSecrets(app.secrets, box)
        let created = try await sql.write { [box] db in
            let stored = try await Self.insert(app, triggerSpec: triggerSpec, secrets: secrets, db)
            let definition = try workflow(stored)
            try await RoleRepository.requireProject(definition.projectKey, db)
            if try await db.count("workflows", { $0.where("workflow_key", .equal, definition.key) }) > 0 {
                throw SlipwayError.conflict("workflow \(definition.key) already exists")
            }
            try await mapConflict("workflow \(definition.key) already exists") {
                try await db.insert(into: "workflows")
                    .model(try WorkflowRow(definition, sealedWith: box), keyEncodingStrategy: .convertToSnakeCase).run()
            }
            return (stored, definition)
        }
        workflowChanges.note()
        return created
    }

    /// Writes what an update may change (repository URL, description, trigger spec, secrets) and
    /// the workflow the application now runs as, in one transaction. The workflow keeps who
    /// created it and when; it is created when missing.
    package func update(_ app: ServerlessApplication, workflow: Workflow) async throws {
        let triggerSpec = try ServerlessApplicationRow.sealTriggerSpec(app.triggerSpec, box)
        let secrets = try ServerlessApplicationRow.sealSecrets(app.secrets, box)
        let row = try WorkflowRow(workflow, sealedWith: box)
        try await sql.write { [row] db in
            var row = row
            try await db.update("sdevs_applications")
                .set("repo_url", to: SQLBind(app.repoURL)).set("description", to: SQLBind(app.description))
                .set("trigger_spec", to: SQLBind(triggerSpec))
                .set("secrets", to: SQLBind(secrets)).set("updated_at", to: SQLBind(app.updatedAt))
                .where("id", .equal, app.id).run()
            if let existing = try await WorkflowRepository.row(key: workflow.key, db) {
                guard existing.projectKey == workflow.projectKey else {
                    throw SlipwayError.notFound("workflow \(workflow.key) not found in project \(workflow.projectKey)")
                }
                row.createdBy = existing.createdBy
                row.createdAt = existing.createdAt
                try await db.update("workflows").set(model: row, keyEncodingStrategy: .convertToSnakeCase)
                    .where("workflow_key", .equal, workflow.key).run()
            } else {
                try await RoleRepository.requireProject(workflow.projectKey, db)
                try await db.insert(into: "workflows").model(row, keyEncodingStrategy: .convertToSnakeCase).run()
            }
        }
        workflowChanges.note()
    }

    /// Removes an application with its dispatch history, its workflow and the workflow's task
    /// history, in one transaction. Refused while one of its tasks is unfinished.
    package func remove(_ app: ServerlessApplication) async throws {
        try await sql.write { db in
            let key = app.workflowKey
            try await WorkflowRepository.requireNoLiveTasks(key: key, db)
            if let workflow = try await WorkflowRepository.row(key: key, db) {
                try await ViewRepository.removeEverywhere(projectKey: workflow.projectKey, workflowKey: key, db)
            }
            try await WorkflowRepository.deleteRows(key: key, db)
            try await db.delete(from: "sdevs_dispatches").where("app_id", .equal, app.id).run()
            try await db.delete(from: "sdevs_applications").where("id", .equal, app.id).run()
        }
    }
}
