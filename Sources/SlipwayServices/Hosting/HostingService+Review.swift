import SlipwayCore
import SlipwayGit
import SlipwayStore

/// Reviewers, approvals and notes of a merge request: each change and its activity-log entry are
/// one transaction, then published as `DomainEvent.mergeRequest`.
extension HostingService {
    /// Adds `reviewer` (who must be able to read the depot) on `actor`'s behalf.
    package func addReviewer(_ reviewer: User, to request: DepotMergeRequest, in depot: Depot, by actor: User) async throws {
        guard let access = try await store.access.access(user: reviewer, projectKey: depot.projectKey), access.allows(.view) else {
            throw SlipwayError.invalidInput("\(reviewer.account) cannot read this repository")
        }
        try await store.mergeRequests.addReviewer(
            mergeRequestID: request.id, userUID: reviewer.uid,
            logging: Self.entry(request, .addReviewer, by: actor, detail: reviewer.account))
        await context.events.publish(.mergeRequest(request, .addReviewer))
    }

    /// Removes `reviewer` on `actor`'s behalf.
    package func removeReviewer(_ reviewer: User, from request: DepotMergeRequest, by actor: User) async throws {
        try await store.mergeRequests.removeReviewer(
            mergeRequestID: request.id, userUID: reviewer.uid,
            logging: Self.entry(request, .deleteReviewer, by: actor, detail: reviewer.account))
        await context.events.publish(.mergeRequest(request, .deleteReviewer))
    }

    /// `user` approves (becoming a reviewer) or withdraws their approval of an open request. Only
    /// users who may write the target branch approve, never the author (`ApprovalRules`).
    package func setApproval(_ approved: Bool, of request: DepotMergeRequest, in depot: Depot, by user: User) async throws {
        guard request.state == .open else { throw SlipwayError.failedPrecondition("the merge request is not open") }
        if approved {
            let rules = try await RefRules.load(store, depotID: depot.id)
            if let why = try await ApprovalRules.refusal(user, request: request, depot: depot, rules: rules, store: store) {
                throw SlipwayError.forbidden(why)
            }
        }
        let action: MergeRequestEvent.Action = approved ? .grant : .grantUndo
        try await store.mergeRequests.setApproval(
            mergeRequestID: request.id, userUID: user.uid, approved: approved, logging: Self.entry(request, action, by: user))
        await context.events.publish(.mergeRequest(request, action))
    }

    /// Edits the title and/or description; each change is logged with the write, in one transaction.
    package func edit(_ request: DepotMergeRequest, title: String?, description: String?, by user: User) async throws -> DepotMergeRequest {
        var edited = request
        if let title { edited.title = title }
        if let description { edited.description = description }
        edited.updatedAt = .now()
        var entries: [MergeRequestEvent] = []
        if edited.title != request.title { entries.append(Self.entry(edited, .updateTitle, by: user)) }
        if edited.description != request.description { entries.append(Self.entry(edited, .updateContent, by: user)) }
        _ = try await store.mergeRequests.update(edited, logging: entries)
        for entry in entries { await context.events.publish(.mergeRequest(edited, entry.action)) }
        return edited
    }

    /// Stores a note (general, on a line, or a reply) by its author.
    package func addNote(_ note: MergeRequestNote, to request: DepotMergeRequest) async throws -> MergeRequestNote {
        let stored = try await store.mergeRequests.addNote(note) { stored in
            MergeRequestEvent(mergeRequestID: request.id, action: .comment, actorUID: stored.authorUID, detail: String(stored.id))
        }
        await context.events.publish(.mergeRequest(request, .comment))
        return stored
    }

    static func entry(
        _ request: DepotMergeRequest, _ action: MergeRequestEvent.Action, by actor: User, detail: String = ""
    ) -> MergeRequestEvent {
        MergeRequestEvent(mergeRequestID: request.id, action: action, actorUID: actor.uid, detail: detail)
    }
}
