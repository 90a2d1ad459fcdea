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

/// Where accepted pushes are announced, after the refs changed. The composition root
/// subscribes (triggers, webhooks); delivery must not block for long, it runs on the push's task.
public protocol PushEventSink: Sendable {
    func deliver(_ push: DepotPush) async
}

/// A sink backed by a closure.
public struct PushEventHandler: PushEventSink {
    let handler: @Sendable (DepotPush) async -> Void

    public init(_ handler: @escaping @Sendable (DepotPush) async -> Void) {
        self.handler = handler
    }

    public func deliver(_ push: DepotPush) async {
        await handler(push)
    }
}

/// Discards events (no subscriber yet).
public struct DiscardingPushEventSink: PushEventSink {
    public init() {}
    public func deliver(_ push: DepotPush) async {}
}
