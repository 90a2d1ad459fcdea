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
    /// may set that hold credentials (see `RequestBodyRedactor.redact`). The entry takes the next
    /// dense `seq` in the same transaction (entries are never deleted).
    package func record(_ log: OperationLog, credentialNames: Set<String> = []) async throws {
        let body = Self.storedBody(log.requestBody, bodyType: log.bodyType, credentialNames: credentialNames)
        try await sql.write { db in
            let seq = try await RowSequence.next("operation_logs", db)
            try await db.insert(into: "operation_logs")
                .columns(
                    "username", "project_key", "method", "function", "scene", "targets", "detail",
                    "request_body", "body_type", "status", "created_at", "seq"
                )
                .values(
                    SQLBind(log.username), SQLBind(log.projectKey), SQLBind(log.method), SQLBind(log.function),
                    SQLBind(log.scene), SQLBind(JSONColumn.encode(log.targets)), SQLBind(log.detail),
                    SQLBind(body), SQLBind(log.bodyType), SQLBind(log.status), SQLBind(log.createdAt), SQLBind(seq)
                )
                .run()
        }
    }

    /// Newest first, filtered as the query says. Unfiltered, the total is the maintained counter
    /// and the page one range of the `seq` index, at any depth. Filtered by project only, the
    /// count and the page walk the `(project_key, id)` index (count index-only, OFFSET over the
    /// index). The other filters are substring matches, which no index or counter can answer:
    /// their count and page scan the rows newest first.
    package func list(_ query: OperationLogQuery) async throws -> Page<OperationLog> {
        let filters = Self.filters(query)
        if filters.isEmpty {
            let window = PageWindow(page: query.page, pageSize: query.perPage)
            let result = try await RowSequence.page("operation_logs", as: OperationLogRow.self, skip: window.skip, size: window.size, sql)
            return Page(items: result.rows.map(\.log), total: result.total)
        }
        return try await sql.read { db in
            let result = try await db.page(
                "operation_logs", as: OperationLogRow.self, page: query.page,
                pageSize: query.perPage, orderBy: "id", descending: true
            ) { q in filters.reduce(q) { q, filter in filter(q) } }
            return Page(items: result.rows.map(\.log), total: result.total)
        }
    }

    /// The query's filters, as conditions on a select.
    static func filters(_ query: OperationLogQuery) -> [@Sendable (SQLSelectBuilder) -> SQLSelectBuilder] {
        var filters: [@Sendable (SQLSelectBuilder) -> SQLSelectBuilder] = []
        if let v = query.projectKey { filters.append { $0.where("project_key", .equal, v) } }
        if let v = query.username { filters.append { $0.where("username", .like, "%\(v)%") } }
        if let v = query.function { filters.append { $0.where("function", .like, "%\(v)%") } }
        if let v = query.status { filters.append { $0.where("status", .equal, v) } }
        if let v = query.scene { filters.append { $0.where("scene", .equal, v) } }
        if let v = query.target { filters.append { $0.where("targets", .like, "%\(JSONColumn.encode(v))%") } }
        if let v = query.detail { filters.append { $0.where("detail", .like, "%\(v)%") } }
        return filters
    }
}
