import SQLKit
import SlipwayCore

struct OperationLogRow: Codable, PlainReadable {
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

    /// What a list reads: every column but `seq`.
    static let plainColumns: [PlainColumn] = [
        .int("id"), .text("username"), .text("project_key"), .text("method"), .text("function"), .text("scene"), .text("targets"),
        .text("detail"), .text("request_body"), .text("body_type"), .int("status"), .int("created_at"),
    ]

    init(_ row: PlainRow) {
        id = row.int(0)
        username = row.text(1)
        projectKey = row.text(2)
        method = row.text(3)
        function = row.text(4)
        scene = row.text(5)
        targets = row.text(6)
        detail = row.text(7)
        requestBody = row.text(8)
        bodyType = row.text(9)
        status = Int(row.int(10))
        createdAt = row.int(11)
    }

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
    /// may set that hold credentials (see `RequestBodyRedactor.redact`). In the same transaction
    /// the entry takes the next dense `seq`, the next number of its project and of its status,
    /// and one numbered row per target (`OperationLogRepository+Pages.swift`; entries are never
    /// deleted, so every number stays dense).
    package func record(_ log: OperationLog, credentialNames: Set<String> = []) async throws {
        let body = Self.storedBody(log.requestBody, bodyType: log.bodyType, credentialNames: credentialNames)
        try await sql.write { db in
            let seq = try await RowSequence.next("operation_logs", db)
            let projectSeq = try await KeyedSequence.next(Self.projectCounter, log.projectKey, db)
            let statusSeq = try await KeyedSequence.next(Self.statusCounter, String(log.status), db)
            let id =
                try await db.insert(into: "operation_logs")
                .columns(
                    "username", "project_key", "method", "function", "scene", "targets", "detail",
                    "request_body", "body_type", "status", "created_at", "seq", "project_seq", "status_seq"
                )
                .values(
                    SQLBind(log.username), SQLBind(log.projectKey), SQLBind(log.method), SQLBind(log.function),
                    SQLBind(log.scene), SQLBind(JSONColumn.encode(log.targets)), SQLBind(log.detail),
                    SQLBind(body), SQLBind(log.bodyType), SQLBind(log.status), SQLBind(log.createdAt), SQLBind(seq),
                    SQLBind(projectSeq), SQLBind(statusSeq)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            for target in Self.indexedTargets(log.targets) {
                try await Self.recordTarget(project: log.projectKey, scene: log.scene, target: target, logID: id, db)
            }
        }
    }
}
