import SlipwayCore

/// A ref change of a depot: by `git push` or by an API write (commit, branch, tag).
package struct DepotPush: Sendable {
    package var depot: Depot
    package var event: PushEvent

    package init(depot: Depot, event: PushEvent) {
        self.depot = depot
        self.event = event
    }
}
