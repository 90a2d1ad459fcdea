import Foundation
import SQLKit
import SlipwayCore

struct TicketRow: Codable {
    var ticket: String
}

/// Pre-approval tickets, one per (project, approval id); posting the same id again replaces it.
package struct ApprovalTicketRepository: Sendable {
    let sql: any SQLStore

    package func upsert(_ ticket: ApprovalTicket) async throws {
        try await sql.write { db in
            try await RoleRepository.requireProject(ticket.projectKey, db)
            try await db.delete(from: "approval_tickets").where("project_key", .equal, ticket.projectKey)
                .where("approval_id", .equal, ticket.approvalID).run()
            try await db.insert(into: "approval_tickets").columns("project_key", "approval_id", "ticket", "created_at")
                .values(SQLBind(ticket.projectKey), SQLBind(ticket.approvalID), SQLBind(JSONColumn.encode(ticket)), SQLBind(ticket.createdAt))
                .run()
        }
    }

    package func get(projectKey: String, approvalID: String) async throws -> ApprovalTicket? {
        try await sql.read { db in
            guard
                let row = try await db.select().column("ticket").from("approval_tickets").where("project_key", .equal, projectKey)
                    .where("approval_id", .equal, approvalID).first(decoding: TicketRow.self)
            else { return nil }
            return try JSONDecoder().decode(ApprovalTicket.self, from: Data(row.ticket.utf8))
        }
    }
}
