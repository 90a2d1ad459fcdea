import SQLKit
import SlipwayCore

/// What holds a test-management attachment: a test case or a test report (migration 36).
package enum TestAttachmentHolder: Sendable, Equatable {
    case testCase(Int64)
    case report(Int64)

    var column: String {
        switch self {
        case .testCase: "test_case_id"
        case .report: "test_report_id"
        }
    }

    var id: Int64 {
        switch self {
        case .testCase(let id), .report(let id): id
        }
    }
}

extension IssueAttachmentRepository {
    /// Only the attachments no issue, test case or test report holds.
    static func unattached(_ update: SQLUpdateBuilder) -> SQLUpdateBuilder {
        update.where("issue_id", .is, SQLLiteral.null).where("test_case_id", .is, SQLLiteral.null)
            .where("test_report_id", .is, SQLLiteral.null)
    }

    /// The files a test case or a test report holds, oldest first.
    package func attachments(of holder: TestAttachmentHolder) async throws -> [IssueAttachment] {
        try await rows { $0.where(SQLColumn(holder.column, table: "a"), .equal, SQLBind(holder.id)) }
    }

    /// Make `ids` exactly the files `holder` holds: the others it held go back to their uploaders,
    /// unattached; the new ones must be unattached (else `conflict`, nothing changed).
    package func setAttachments(_ ids: [Int64], of holder: TestAttachmentHolder) async throws {
        try await sql.write { db in
            var release = db.update("issue_attachments").set(holder.column, to: SQLLiteral.null).where(holder.column, .equal, holder.id)
            if !ids.isEmpty { release = release.where("id", .notIn, ids) }
            try await release.run()
            let held = try await db.select().column("id").from("issue_attachments").where(holder.column, .equal, holder.id)
                .all(decodingColumn: "id", as: Int64.self)
            let new = ids.filter { !held.contains($0) }
            guard !new.isEmpty else { return }
            let done = try await Self.unattached(db.update("issue_attachments").set(holder.column, to: holder.id).where("id", .in, new))
                .returning("id").all()
            guard done.count == new.count else { throw SlipwayError.conflict("a file of AttachmentIds was attached elsewhere meanwhile") }
        }
    }
}
