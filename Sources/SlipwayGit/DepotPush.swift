import SlipwayCore

/// A ref change of a depot: by `git push` or by an API write (commit, branch, tag).
public struct DepotPush: Sendable {
    public var depot: Depot
    public var event: PushEvent

    public init(depot: Depot, event: PushEvent) {
        self.depot = depot
        self.event = event
    }
}
