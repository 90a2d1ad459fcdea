import SlipwayCore
import SlipwayGit
import SlipwayStore

extension HostingService {
    /// Open merge requests whose source branch a ref change moved: the move is logged (`push`)
    /// and their approvals are withdrawn (`reset_grant`), so an approval always covers the
    /// commits that get merged. A store failure is logged; the other requests are still tracked.
    func trackSourcePushes(_ events: [PushEvent], depot: Depot) async {
        for event in events where !event.deleted {
            guard let branch = RefName(full: event.ref).branchName else { continue }
            var filter = MergeRequestFilter(depotIDs: [depot.id])
            filter.states = [.open]
            filter.sourceBranches = [branch]
            let open: [DepotMergeRequest]
            do {
                open = try await store.mergeRequests.list(filter, page: 1, pageSize: 500).rows
            } catch {
                logFailure("listing merge requests from \(branch)", error, depot: depot)
                continue
            }
            for request in open {
                do {
                    try await store.mergeRequests.recordSourcePush(
                        mergeRequestID: request.id, actorUID: event.pusher?.id ?? "", newSHA: event.after)
                } catch {
                    logFailure("recording a push on merge request \(request.iid)", error, depot: depot)
                }
            }
        }
    }
}
