import SQLKit
import SlipwayCore

/// Attachments (migrations 31, 36): files kept as uploads, attached to at most one issue, test
/// case or test report, and the short-lived download links handed out for them (kept only as hashes).
package struct IssueAttachmentRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var projectKey: String
        var uploadKey: String
        var issueId: Int64?
        var testCaseId: Int64?
        var testReportId: Int64?
        var fileName: String
        var ownerUid: String
        var size: Int64?
        var createdAt: Int64

        var attachment: IssueAttachment {
            var a = IssueAttachment(
                id: id, projectKey: projectKey, uploadKey: uploadKey, issueID: issueId, fileName: fileName, ownerUID: ownerUid, size: size,
                createdAt: createdAt)
            a.testCaseID = testCaseId
            a.testReportID = testReportId
            return a
        }
    }

    /// Record an attachment whose file is upload `uploadKey`; its id.
    package func create(projectKey: String, uploadKey: String, at now: Int64) async throws -> Int64 {
        try await sql.write { db in
            try await db.insert(into: "issue_attachments").columns("project_key", "upload_key", "created_at")
                .values(SQLBind(projectKey), SQLBind(uploadKey), SQLBind(now))
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
        }
    }

    /// A project's attachments by id (those that exist).
    package func attachments(projectKey: String, ids: [Int64]) async throws -> [IssueAttachment] {
        guard !ids.isEmpty else { return [] }
        return try await rows {
            $0.where(SQLColumn("project_key", table: "a"), .equal, SQLBind(projectKey)).where(SQLColumn("id", table: "a"), .in, SQLBind.group(ids))
        }
    }

    /// The files attached to an issue, oldest first.
    package func attachments(issueID: Int64) async throws -> [IssueAttachment] {
        try await rows { $0.where(SQLColumn("issue_id", table: "a"), .equal, SQLBind(issueID)) }
    }

    /// The files attached to each of the issues `issueIDs`, by issue id, oldest first.
    package func attachments(issueIDs: [Int64]) async throws -> [Int64: [IssueAttachment]] {
        guard !issueIDs.isEmpty else { return [:] }
        let found = try await rows { $0.where(SQLColumn("issue_id", table: "a"), .in, SQLBind.group(Array(Set(issueIDs)))) }
        return Dictionary(grouping: found) { $0.issueID ?? 0 }
    }

    func rows(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [IssueAttachment] {
        try await sql.read { db in
            let select = db.select()
                .column(SQLColumn("id", table: "a")).column(SQLColumn("project_key", table: "a")).column(SQLColumn("upload_key", table: "a"))
                .column(SQLColumn("issue_id", table: "a")).column(SQLColumn("test_case_id", table: "a"))
                .column(SQLColumn("test_report_id", table: "a")).column(SQLColumn("file_name", table: "u")).column(SQLColumn("owner_uid", table: "u"))
                .column(SQLColumn("size", table: "u")).column(SQLColumn("created_at", table: "a"))
                .from(SQLAlias(SQLIdentifier("issue_attachments"), as: SQLIdentifier("a")))
                .join(
                    SQLAlias(SQLIdentifier("uploads"), as: SQLIdentifier("u")), on: SQLColumn("upload_key", table: "u"), .equal,
                    SQLColumn("upload_key", table: "a"))
            return try await filter(select).orderBy(SQLColumn("id", table: "a"))
                .all(decoding: Row.self, keyDecodingStrategy: .snakeCase).map(\.attachment)
        }
    }

    /// Attach unattached attachments to an issue, in the caller's transaction.
    package static func attach(_ ids: [Int64], to issueID: Int64, _ db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        let done = try await Self.unattached(db.update("issue_attachments").set("issue_id", to: issueID).where("id", .in, ids))
            .returning("id").all()
        guard done.count == ids.count else { throw SlipwayError.conflict("a file of FileIds was attached to another issue meanwhile") }
    }

    /// Detach attachments from an issue, in the caller's transaction.
    package static func detach(_ ids: [Int64], from issueID: Int64, _ db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await db.update("issue_attachments").set("issue_id", to: SQLLiteral.null).where("id", .in, ids).where("issue_id", .equal, issueID).run()
    }

    // MARK: download links

    /// Record a download link (its secret's hash) for `uid`, valid until `expiresAt`; drops expired links.
    package func addLink(hash: String, attachment: IssueAttachment, uid: String, expiresAt: Int64, now: Int64) async throws {
        try await sql.write { db in
            try await db.delete(from: "issue_file_links").where("expires_at", .lessThan, now).run()
            try await db.insert(into: "issue_file_links").columns("link_hash", "project_key", "attachment_id", "user_uid", "expires_at")
                .values(SQLBind(hash), SQLBind(attachment.projectKey), SQLBind(attachment.id), SQLBind(uid), SQLBind(expiresAt)).run()
        }
    }

    /// The attachment, user and expiry of the link with secret hash `hash`.
    package func link(hash: String) async throws -> (attachment: IssueAttachment, uid: String, expiresAt: Int64)? {
        struct LinkRow: Decodable {
            var attachmentId: Int64
            var projectKey: String
            var userUid: String
            var expiresAt: Int64
        }
        let row = try await sql.read { db in
            try await db.select().columns("attachment_id", "project_key", "user_uid", "expires_at").from("issue_file_links")
                .where("link_hash", .equal, hash).first(decoding: LinkRow.self, keyDecodingStrategy: .snakeCase)
        }
        guard let row, let attachment = try await attachments(projectKey: row.projectKey, ids: [row.attachmentId]).first else { return nil }
        return (attachment, row.userUid, row.expiresAt)
    }
}

extension Store {
    /// Issue attachments and their download links (`IssueAttachmentRepository`).
    package var issueAttachments: IssueAttachmentRepository { IssueAttachmentRepository(sql: sql) }
}
