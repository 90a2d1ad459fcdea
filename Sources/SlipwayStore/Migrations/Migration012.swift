import SQLKit
import SlipwayCore

/// Secrets at rest: seal every secret already stored in plaintext (workflow credential params and
/// envs, task states, database URLs, Serverless Devs secrets and webhook secrets), redact stored
/// operation-log bodies, and record a key check so a wrong key is refused at start-up.
enum Migration012 {
    static let version = 12

    @Sendable static func apply(_ db: any SQLDatabase, _ box: SecretBox) async throws {
        try await SecretKeyCheck.create(db, box)
        let sealIfPlain: (String) throws -> String = { SecretBox.isSealed($0) ? $0 : try box.seal($0) }
        try await rewrite("workflows", ["params", "stages", "definition"], db) { row in
            [
                "params": JSONColumn.encode(
                    try SecretBox.mapCredentials(
                        JSONColumn.decode([WorkflowParam].self, from: row["params"] ?? "", default: []), sealIfPlain)),
                "stages": JSONColumn.encode(
                    try SecretBox.mapCredentials(
                        JSONColumn.decode([StageDefinition].self, from: row["stages"] ?? "", default: []), sealIfPlain)),
                "definition": JSONColumn.encode(
                    try CredentialFields.map(
                        JSONColumn.decode(JSONValue.self, from: row["definition"] ?? "", default: .object([:])), sealIfPlain)),
            ]
        }
        try await rewrite("tasks", ["state"], db) { row in ["state": try sealIfPlain(row["state"] ?? "")] }
        try await rewrite("sdevs_applications", ["secrets", "trigger_spec"], db) { row in
            let spec = JSONColumn.decode(JSONValue.self, from: row["trigger_spec"] ?? "", default: .object([:]))
            return [
                "secrets": try sealIfPlain(row["secrets"] ?? "{}"),
                "trigger_spec": JSONColumn.encode(try ServerlessApplicationRow.mapWebhookSecrets(spec, sealIfPlain)),
            ]
        }
        try await rewrite("operation_logs", ["request_body", "body_type"], db) { row in
            ["request_body": OperationLogRepository.storedBody(row["request_body"] ?? "", bodyType: row["body_type"] ?? "")]
        }
        let instances = try await db.select().columns("id", "url").from("database_instances").all()
        for instance in instances {
            let id = try instance.decode(column: "id", as: String.self)
            let url = try instance.decode(column: "url", as: String.self)
            try await db.update("database_instances").set("url", to: SQLBind(try sealIfPlain(url))).where("id", .equal, id).run()
        }
    }

    /// Walk `table` by its integer `id` in batches, replacing the columns `change` returns.
    private static func rewrite(
        _ table: String, _ columns: [String], _ db: any SQLDatabase,
        _ change: ([String: String]) throws -> [String: String]
    ) async throws {
        var last: Int64 = 0
        while true {
            let rows = try await db.select().columns(["id"] + columns).from(table)
                .where("id", .greaterThan, last).orderBy("id").limit(200).all()
            guard !rows.isEmpty else { return }
            for row in rows {
                last = try row.decode(column: "id", as: Int64.self)
                var values: [String: String] = [:]
                for column in columns { values[column] = try row.decode(column: column, as: String.self) }
                let changed = try change(values)
                var update = db.update(table)
                for (column, value) in changed.sorted(by: { $0.key < $1.key }) { update = update.set(column, to: SQLBind(value)) }
                try await update.where("id", .equal, last).run()
            }
        }
    }
}
