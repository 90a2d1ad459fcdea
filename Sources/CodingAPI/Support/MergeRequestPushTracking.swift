import SlipwayCore
import SlipwayGit
import SlipwayStore

extension CodingServices {
    /// Open merge requests whose source branch a ref change moved (by `git push` or an API
    /// write): the move is logged (`push`) and their approvals are withdrawn (`reset_grant`), so
    /// an approval always covers the commits that get merged. Runs after the refs changed; a
    /// store failure here cannot undo the push, so it is not reported to the pusher.
    func trackSourcePushes(_ events: [PushEvent], depot: Depot) async {
        for event in events where event.ref.hasPrefix("refs/heads/") && !event.deleted {
            var filter = MergeRequestFilter(depotIDs: [depot.id])
            filter.states = [.open]
            filter.sourceBranches = [String(event.ref.dropFirst(11))]
            guard let open = try? await store.mergeRequests.list(filter, page: 1, pageSize: 500).rows else { continue }
            for request in open {
                _ = try? await store.mergeRequests.recordSourcePush(
                    mergeRequestID: request.id, actorUID: event.pusher?.id ?? "", newSHA: event.after)
            }
        }
    }
}
