import SQLKit
import SlipwayCore

struct OperationLogRow: Codable {
    var id: Int64
    var username: String
    var projectKey: String
    var method: String
    var function: String
    var scene: String
    var targets: String
    var detail: String
    var requestBody: String
    var bodyType: String
    var status: Int
    var createdAt: Int64

    var log: OperationLog {
        OperationLog(
            id: id, username: username, projectKey: projectKey, method: method, function: function,
            scene: scene, targets: JSONColumn.decode([String].self, from: targets, default: []),
            detail: detail, requestBody: requestBody, bodyType: bodyType, status: status, createdAt: createdAt)
    }
}

/// The audit trail of mutating API calls. Request bodies are stored redacted: no credential value
/// (password, secret, token, private key, `is_credential` value…) reaches the table.
package struct OperationLogRepository: Sendable {
    let sql: any SQLStore

    /// At most this much of a (redacted) request body is kept.
    package static let maximumBodyLength = 65_536

    /// The body as stored: redacted, then cut to `maximumBodyLength`.
    package static func storedBody(_ body: String, bodyType: String, credentialNames: Set<String> = []) -> String {
        String(RequestBodyRedactor.redact(body, bodyType: bodyType, credentialNames: credentialNames).prefix(maximumBodyLength))
    }

    /// Store a log entry, its body redacted; `credentialNames` are parameter or env names the body
    /// may set that hold credentials (see `RequestBodyRedactor.redact`).
    package func record(_ log: OperationLog, credentialNames: Set<String> = []) async throws {
        let body = Self.storedBody(log.requestBody, bodyType: log.bodyType, credentialNames: credentialNames)
        try await sql.write { db in
            try await db.insert(into: "operation_logs")
                .columns(
                    "username", "project_key", "method", "function", "scene", "targets", "detail",
                    "request_body", "body_type", "status", "created_at"
                )
                .values(
                    SQLBind(log.username), SQLBind(log.projectKey), SQLBind(log.method), SQLBind(log.function),
                    SQLBind(log.scene), SQLBind(JSONColumn.encode(log.targets)), SQLBind(log.detail),
                    SQLBind(body), SQLBind(log.bodyType), SQLBind(log.status), SQLBind(log.createdAt)
                )
                .run()
        }
    }

    /// Newest first, filtered as the query says.
    package func list(_ query: OperationLogQuery) async throws -> Page<OperationLog> {
        try await sql.read { db in
            let result = try await db.page(
                "operation_logs", as: OperationLogRow.self, page: query.page,
                pageSize: query.perPage, orderBy: "id", descending: true
            ) { q in
                var q = q
                if let v = query.projectKey { q = q.where("project_key", .equal, v) }
                if let v = query.username { q = q.where("username", .like, "%\(v)%") }
                if let v = query.function { q = q.where("function", .like, "%\(v)%") }
                if let v = query.status { q = q.where("status", .equal, v) }
                if let v = query.scene { q = q.where("scene", .equal, v) }
                if let v = query.target { q = q.where("targets", .like, "%\(JSONColumn.encode(v))%") }
                if let v = query.detail { q = q.where("detail", .like, "%\(v)%") }
                return q
            }
            return Page(items: result.rows.map(\.log), total: result.total)
        }
    }
}
