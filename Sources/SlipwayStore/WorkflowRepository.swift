import Foundation
import SQLKit
import SlipwayCore

struct WorkflowRow: Codable {
    var workflowKey: String
    var projectKey: String
    var displayName: String
    var description: String
    var concurrencyLimit: Int
    var disabled: Int
    var enableApprovalTicket: Int
    var params: String
    var stages: String
    var notifyCtls: String
    var definition: String
    var createdBy: String
    var createdAt: Int64
    var updatedBy: String
    var updatedAt: Int64

    /// The row of a workflow, its credential values sealed with `box`.
    init(_ w: Workflow, sealedWith box: SecretBox) throws {
        let seal: (String) throws -> String = { try box.seal($0) }
        workflowKey = w.key
        projectKey = w.projectKey
        displayName = w.displayName
        description = w.description
        concurrencyLimit = w.concurrencyLimit
        disabled = w.disabled.sqlInt
        enableApprovalTicket = w.enableApprovalTicket.sqlInt
        params = JSONColumn.encode(try SecretBox.mapCredentials(w.params, seal))
        stages = JSONColumn.encode(try SecretBox.mapCredentials(w.stages, seal))
        notifyCtls = JSONColumn.encode(w.notifyControls)
        definition = JSONColumn.encode(try box.sealCredentials(w.definition))
        createdBy = w.createdBy
        createdAt = w.createdAt
        updatedBy = w.updatedBy
        updatedAt = w.updatedAt
    }

    /// The workflow, its credential values opened with `box`.
    func workflow(_ box: SecretBox) throws -> Workflow {
        let open: (String) throws -> String = { try box.open($0) }
        return Workflow(
            key: workflowKey, displayName: displayName, projectKey: projectKey, description: description,
            concurrencyLimit: concurrencyLimit,
            params: try SecretBox.mapCredentials(JSONColumn.decode([WorkflowParam].self, from: params, default: []), open),
            stages: try SecretBox.mapCredentials(JSONColumn.decode([StageDefinition].self, from: stages, default: []), open),
            notifyControls: JSONColumn.decode(JSONValue.self, from: notifyCtls, default: .array([])),
            enableApprovalTicket: enableApprovalTicket != 0, disabled: disabled != 0,
            definition: try box.openCredentials(JSONColumn.decode(JSONValue.self, from: definition, default: .object([:]))),
            createdBy: createdBy, createdAt: createdAt, updatedBy: updatedBy, updatedAt: updatedAt)
    }
}

/// Workflow definitions. Credential params and envs are sealed in every stored document.
package struct WorkflowRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox
    /// Counts the definitions written here and by the Serverless Devs applications.
    package let changes: WorkflowChanges

    /// Store a new workflow; its key must be unused and its project must exist. With `viewName`,
    /// it is listed in that view (created when missing) in the same transaction.
    package func create(_ workflow: Workflow, inView viewName: String? = nil, by user: String = "") async throws {
        try await sql.write { db in
            try await RoleRepository.requireProject(workflow.projectKey, db)
            if try await db.count("workflows", { $0.where("workflow_key", .equal, workflow.key) }) > 0 {
                throw SlipwayError.conflict("workflow \(workflow.key) already exists")
            }
            try await mapConflict("workflow \(workflow.key) already exists") {
                try await db.insert(into: "workflows").model(try WorkflowRow(workflow, sealedWith: box), keyEncodingStrategy: .convertToSnakeCase).run()
            }
            if let viewName {
                try await ViewRepository.add(projectKey: workflow.projectKey, name: viewName, workflowKey: workflow.key, by: user, db)
            }
        }
        changes.note()
    }

    /// Replace a workflow's definition, keeping who created it and when.
    package func update(_ workflow: Workflow) async throws {
        try await sql.write { db in
            guard let existing = try await Self.row(key: workflow.key, db), existing.projectKey == workflow.projectKey else {
                throw SlipwayError.notFound("workflow \(workflow.key) not found in project \(workflow.projectKey)")
            }
            var updated = try WorkflowRow(workflow, sealedWith: box)
            updated.createdBy = existing.createdBy
            updated.createdAt = existing.createdAt
            try await db.update("workflows").set(model: updated, keyEncodingStrategy: .convertToSnakeCase)
                .where("workflow_key", .equal, workflow.key).run()
        }
        changes.note()
    }

    /// A workflow's `concurrency_limit` (0: never runs, negative: no limit); nil when there is
    /// no such workflow. One column: the definition is neither read nor decoded.
    package func concurrencyLimit(key: String) async throws -> Int? {
        let rows = try await sql.readPlain(
            "SELECT concurrency_limit FROM workflows WHERE workflow_key = \(bind: key)", columns: [.int("concurrency_limit")])
        return rows.first.map { Int($0.int(0)) }
    }

    package func get(key: String) async throws -> Workflow? {
        try await sql.read { [box] db in try await Self.row(key: key, db)?.workflow(box) }
    }

    static func row(key: String, _ db: any SQLDatabase) async throws -> WorkflowRow? {
        try await db.select().column("*").from("workflows").where("workflow_key", .equal, key)
            .first(decoding: WorkflowRow.self, keyDecodingStrategy: .snakeCase)
    }

    /// A project's workflows, most recently updated first.
    package func list(projectKey: String) async throws -> [Workflow] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("workflows").where("project_key", .equal, projectKey)
                .orderBy("updated_at", .descending).orderBy("id", .descending)
                .all(decoding: WorkflowRow.self, keyDecodingStrategy: .snakeCase).map { try $0.workflow(box) }
        }
    }

    /// Delete a workflow with its task history and take it out of every view of its project, in
    /// one transaction: a view never lists a workflow that is gone, and a refused delete changes
    /// nothing. Refused while one of its tasks is unfinished.
    package func delete(key: String, projectKey: String) async throws {
        try await sql.write { db in
            guard let existing = try await Self.row(key: key, db), existing.projectKey == projectKey else {
                throw SlipwayError.notFound("workflow \(key) not found in project \(projectKey)")
            }
            try await Self.requireNoLiveTasks(key: key, db)
            try await Self.deleteRows(key: key, db)
            try await ViewRepository.removeEverywhere(projectKey: projectKey, workflowKey: key, db)
        }
    }

    /// Refuses while one of the workflow's tasks is unfinished.
    static func requireNoLiveTasks(key: String, _ db: any SQLDatabase) async throws {
        let live = try await db.count("tasks") {
            $0.where("workflow_key", .equal, key).where("status", .in, TaskRepository.liveStatuses)
        }
        guard live == 0 else { throw SlipwayError.failedPrecondition("workflow \(key) has \(live) unfinished task(s); cancel them first") }
    }

    /// Remove a workflow row with its tasks and task counter (no checks).
    static func deleteRows(key: String, _ db: any SQLDatabase) async throws {
        try await db.delete(from: "tasks").where("workflow_key", .equal, key).run()
        try await db.delete(from: "workflow_counters").where("workflow_key", .equal, key).run()
        try await db.delete(from: "workflows").where("workflow_key", .equal, key).run()
    }
}
