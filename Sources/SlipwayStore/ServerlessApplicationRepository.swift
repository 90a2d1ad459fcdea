import SQLKit
import SlipwayCore

struct ServerlessApplicationRow: Codable {
    var id: Int64
    var workflowKey: String
    var owner: String
    var repo: String
    var repoUrl: String
    var provider: String
    var providerRepoId: String
    var description: String
    var triggerSpec: String
    var secrets: String
    var userId: String
    /// NULL for an application of an external repository (its domain value is 0).
    var depotId: Int64?
    var createdAt: Int64
    var updatedAt: Int64

    /// The application, its secrets and webhook secrets opened with `box`.
    func application(_ box: SecretBox) throws -> ServerlessApplication {
        ServerlessApplication(
            id: id, workflowKey: workflowKey, owner: owner, repo: repo, repoURL: repoUrl, provider: provider,
            providerRepoID: providerRepoId, description: description,
            triggerSpec: try Self.mapWebhookSecrets(JSONColumn.decode(JSONValue.self, from: triggerSpec, default: .object([:]))) {
                try box.open($0)
            },
            secrets: JSONColumn.decode([String: String].self, from: try box.open(secrets), default: [:]),
            userID: userId, depotID: depotId ?? 0, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The stored `secrets` column: the whole map, sealed.
    static func sealSecrets(_ secrets: [String: String], _ box: SecretBox) throws -> String {
        try box.seal(JSONColumn.encode(secrets))
    }

    /// The stored `trigger_spec`: each provider's webhook `secret` sealed.
    static func sealTriggerSpec(_ spec: JSONValue, _ box: SecretBox) throws -> String {
        JSONColumn.encode(try mapWebhookSecrets(spec) { try box.seal($0) })
    }

    /// `trigger_spec` with every `<provider>.secret` passed through `transform`.
    static func mapWebhookSecrets(_ spec: JSONValue, _ transform: (String) throws -> String) throws -> JSONValue {
        guard case .object(var sections) = spec else { return spec }
        for (provider, section) in sections {
            guard case .string(let secret) = section["secret"], !secret.isEmpty else { continue }
            var section = section
            section["secret"] = .string(try transform(secret))
            sections[provider] = section
        }
        return .object(sections)
    }
}

struct ServerlessDispatchRow: Codable {
    var id: Int64
    var appId: Int64
    var taskNumber: Int64
    var eventName: String
    var ref: String
    var commitSha: String
    var message: String
    var payload: String
    var dedupKey: String?
    var deliveryId: Int64
    var createdBy: String
    var createdAt: Int64

    var dispatch: ServerlessDispatch {
        ServerlessDispatch(
            id: id, appID: appId, taskNumber: Int(taskNumber), eventName: eventName, ref: ref, commit: commitSha,
            message: message, payload: JSONColumn.decode(JSONValue.self, from: payload, default: .null), dedupKey: dedupKey,
            deliveryID: deliveryId, createdBy: createdBy, createdAt: createdAt)
    }
}

/// Serverless Devs applications and their dispatches. Secrets and webhook secrets are stored sealed.
package struct ServerlessApplicationRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox
    /// Noted when an application writes the workflow it runs as (`WorkflowRepository.changes`).
    let workflowChanges: WorkflowChanges

    /// Inserts an application row inside `db`'s transaction; its id is assigned here and
    /// `workflowKey` derived from it when empty. Secrets arrive sealed.
    static func insert(
        _ app: ServerlessApplication, triggerSpec: String, secrets: String, _ db: any SQLDatabase
    ) async throws -> ServerlessApplication {
        let id =
            try await db.insert(into: "sdevs_applications")
            .columns(
                "workflow_key", "owner", "repo", "repo_url", "provider", "provider_repo_id", "description",
                "trigger_spec", "secrets", "user_id", "depot_id", "created_at", "updated_at"
            )
            .values(
                SQLBind(app.workflowKey), SQLBind(app.owner), SQLBind(app.repo), SQLBind(app.repoURL),
                SQLBind(app.provider), SQLBind(app.providerRepoID), SQLBind(app.description),
                SQLBind(triggerSpec), SQLBind(secrets),
                SQLBind(app.userID), SQLBind(DepotReference.stored(app.depotID)), SQLBind(app.createdAt), SQLBind(app.updatedAt)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
        var stored = app
        stored.id = id
        if stored.workflowKey.isEmpty {
            stored.workflowKey = "sdevs-app-\(id)"
            try await db.update("sdevs_applications").set("workflow_key", to: SQLBind(stored.workflowKey))
                .where("id", .equal, id).run()
        }
        return stored
    }

    package func get(id: Int64) async throws -> ServerlessApplication? {
        try await sql.read { [box] db in
            try await db.select().column("*").from("sdevs_applications").where("id", .equal, id)
                .first(decoding: ServerlessApplicationRow.self, keyDecodingStrategy: .snakeCase)?.application(box)
        }
    }

    /// Applications, oldest first; only those of `userID` unless nil.
    package func list(userID: String?) async throws -> [ServerlessApplication] {
        try await sql.read { [box] db in
            var query = db.select().column("*").from("sdevs_applications")
            if let userID { query = query.where("user_id", .equal, userID) }
            return try await query.orderBy("id")
                .all(decoding: ServerlessApplicationRow.self, keyDecodingStrategy: .snakeCase).map { try $0.application(box) }
        }
    }

    /// Applications of a provider (webhook matching).
    package func list(provider: String) async throws -> [ServerlessApplication] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("sdevs_applications").where("provider", .equal, provider).orderBy("id")
                .all(decoding: ServerlessApplicationRow.self, keyDecodingStrategy: .snakeCase).map { try $0.application(box) }
        }
    }

    /// Applications on a hosted depot.
    package func list(depotID: Int64) async throws -> [ServerlessApplication] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("sdevs_applications").whereDepot(depotID).orderBy("id")
                .all(decoding: ServerlessApplicationRow.self, keyDecodingStrategy: .snakeCase).map { try $0.application(box) }
        }
    }

    /// Reserve a dispatch. With a `dedupKey` already taken, returns the existing one and `false`:
    /// the unique constraint, not a read-then-write, decides, so concurrent redeliveries cannot both win.
    package func reserve(_ dispatch: ServerlessDispatch) async throws -> (dispatch: ServerlessDispatch, created: Bool) {
        do {
            let stored = try await sql.write { db in
                let id =
                    try await db.insert(into: "sdevs_dispatches")
                    .columns(
                        "app_id", "task_number", "event_name", "ref", "commit_sha", "message", "payload", "dedup_key",
                        "delivery_id", "created_by", "created_at"
                    )
                    .values(
                        SQLBind(dispatch.appID), SQLBind(dispatch.taskNumber), SQLBind(dispatch.eventName),
                        SQLBind(dispatch.ref), SQLBind(dispatch.commit), SQLBind(dispatch.message),
                        SQLBind(JSONColumn.encode(dispatch.payload)), SQLBind(dispatch.dedupKey),
                        SQLBind(dispatch.deliveryID), SQLBind(dispatch.createdBy), SQLBind(dispatch.createdAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
                var stored = dispatch
                stored.id = id
                return stored
            }
            return (stored, true)
        } catch  where isUniqueViolation(error) {
            guard let key = dispatch.dedupKey, let existing = try await self.dispatch(dedupKey: key) else { throw error }
            return (existing, false)
        }
    }

    package func dispatch(dedupKey: String) async throws -> ServerlessDispatch? {
        try await sql.read { db in
            try await db.select().column("*").from("sdevs_dispatches").where("dedup_key", .equal, dedupKey)
                .first(decoding: ServerlessDispatchRow.self, keyDecodingStrategy: .snakeCase)?.dispatch
        }
    }

    package func dispatch(appID: Int64, taskNumber: Int) async throws -> ServerlessDispatch? {
        try await sql.read { db in
            try await db.select().column("*").from("sdevs_dispatches").where("app_id", .equal, appID)
                .where("task_number", .equal, taskNumber)
                .first(decoding: ServerlessDispatchRow.self, keyDecodingStrategy: .snakeCase)?.dispatch
        }
    }

    /// The newest dispatch that has a task.
    package func latestDispatch(appID: Int64) async throws -> ServerlessDispatch? {
        try await sql.read { db in
            try await db.select().column("*").from("sdevs_dispatches").where("app_id", .equal, appID)
                .where("task_number", .greaterThan, 0).orderBy("id", .descending).limit(1)
                .first(decoding: ServerlessDispatchRow.self, keyDecodingStrategy: .snakeCase)?.dispatch
        }
    }

    package func dispatches(appID: Int64) async throws -> [ServerlessDispatch] {
        try await sql.read { db in
            try await db.select().column("*").from("sdevs_dispatches").where("app_id", .equal, appID).orderBy("id")
                .all(decoding: ServerlessDispatchRow.self, keyDecodingStrategy: .snakeCase).map(\.dispatch)
        }
    }

    /// Record the engine task of a reserved dispatch.
    package func setTaskNumber(dispatchID: Int64, _ number: Int) async throws {
        try await sql.write { db in
            try await db.update("sdevs_dispatches").set("task_number", to: SQLBind(number)).where("id", .equal, dispatchID).run()
        }
    }

    /// Drop a reservation whose task could not be submitted, so a later delivery may try again.
    package func release(dispatchID: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "sdevs_dispatches").where("id", .equal, dispatchID).run() }
    }
}
