import SlipwayCore
import SlipwayGit
import SlipwayStore

/// Hosting: depots, the rules every ref change obeys, merge requests and the record of pushes.
///
/// Every front that changes a hosted repository (CODING's Open API and git transport today, a
/// web UI next) calls these operations; the front only decodes its wire format and renders the
/// answer or the error in its own envelope.
package struct HostingService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var depots: DepotLayout { context.depots }

    /// Records ref changes of `depot` (by `git push` or by an API write) and announces them:
    /// the first branch written to a depot whose default branch does not exist becomes the
    /// default, the depot's last push time moves, open merge requests whose source branch moved
    /// lose their approvals (`trackSourcePushes`), and each change is published as
    /// `DomainEvent.pushed`. Runs after the refs changed: a failure here cannot undo the push, so
    /// it is logged, never reported to the pusher, and the events are published regardless.
    package func recordPushes(_ events: [PushEvent], depot: Depot) async {
        guard !events.isEmpty else { return }
        let created = events.filter(\.created).compactMap { RefName(full: $0.ref).branchName }
        if !created.isEmpty {
            do {
                try await depots.repository(depot).adoptDefaultBranch(amongCreated: created)
            } catch {
                logFailure("adopting a default branch", error, depot: depot)
            }
        }
        do {
            try await store.depots.touchPush(id: depot.id)
        } catch {
            logFailure("recording the push time", error, depot: depot)
        }
        await trackSourcePushes(events, depot: depot)
        for event in events { await context.events.publish(.pushed(DepotPush(depot: depot, event: event))) }
    }

    func logFailure(_ step: String, _ error: any Error, depot: Depot) {
        context.logger.error(
            "hosting: \(step) failed",
            metadata: [
                "depot": "\(depot.projectKey)/\(depot.name)", "error": "\(error)",
            ])
    }
}

extension User {
    /// The user as a git author/committer/tagger (an address is made up when the user has none).
    package var gitIdentity: GitIdentity {
        GitIdentity(name: name.isEmpty ? account : name, email: email.isEmpty ? "\(account)@users.slipway.local" : email)
    }

    /// The user as the pusher of a ref change.
    package var pusher: Pusher { Pusher(id: uid, name: account) }
}
