import SlipwayCore
import SlipwayStore

/// Pre-approval tickets: what the approval-ticket gate of a run checks (project admins register them).
package struct TicketService: Sendable {
    let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// Register a ticket, or replace the one with the same id in its project.
    package func register(_ ticket: ApprovalTicket, by user: User) async throws {
        guard !ticket.approvalID.isEmpty else { throw SlipwayError.invalidInput("approval_id is required") }
        guard ticket.status == 0 || ticket.status == 1 else { throw SlipwayError.invalidInput("status must be 0 (invalid) or 1 (valid)") }
        if ticket.windowStart > 0, ticket.windowEnd > 0, ticket.windowEnd < ticket.windowStart {
            throw SlipwayError.invalidInput("execution_window_end is before execution_window_start")
        }
        try await context.store.access.require(.administer, project: ticket.projectKey, user: user)
        try await context.store.tickets.upsert(ticket)
    }
}
