import Foundation
import SlipwayStore
import Synchronization

/// The task event stream's source: numbers every task and job state change published on the bus,
/// keeps the latest ones for `Last-Event-ID` resume, and hands each to the followers of its
/// workflow and of its project.
///
/// Memory stays flat: the ring of recent changes and every follower's queue are bounded. Recording
/// never waits for a follower: one that falls behind is cut off and resumes from the ring (or gets a
/// resync from the store), so a slow client neither grows memory nor holds up the engine.
package final class TaskEventFeed: Sendable {
    /// Sizes and intervals of the feed.
    package struct Configuration: Sendable {
        /// How many recent changes are kept for resume.
        package var capacity: Int
        /// How many changes may wait for one follower before it is cut off.
        package var followerBuffer: Int
        /// How often an idle stream gets a comment line.
        package var heartbeat: Duration

        package init(capacity: Int = 2048, followerBuffer: Int = 256, heartbeat: Duration = .seconds(15)) {
            self.capacity = max(capacity, 1)
            self.followerBuffer = max(followerBuffer, 1)
            self.heartbeat = heartbeat
        }
    }

    /// What a follower's queue carries.
    enum Item: Sendable {
        case change(TaskStateChange)
        case heartbeat
    }

    /// Where a new subscription starts.
    enum Start: Sendable {
        /// The missed changes of the scope (none when following from now).
        case replay([TaskStateChange])
        /// Changes may have been missed: send the stored state; `id` is the last change it covers.
        case resync(id: Int)
    }

    /// A registered follower: where it starts, then its queue.
    struct Subscription: Sendable {
        let token: Int
        /// The change it follows from: the resume point asked for, else the last change so far.
        let position: Int
        let start: Start
        let stream: AsyncStream<Item>
    }

    private struct State {
        var lastID: Int
        var ring: [TaskStateChange] = []
        /// Index of the oldest change in `ring` once it is full.
        var head = 0
        var nextToken = 0
        var followers: [TaskEventScope: [Int: AsyncStream<Item>.Continuation]] = [:]
    }

    package let configuration: Configuration
    let store: Store
    private let state: Mutex<State>

    /// A feed over `store` (read for resyncs). Ids start at the boot time in microseconds, so an id
    /// from an earlier run of the server is always older than the ring and gets a resync.
    package init(store: Store, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
        self.state = Mutex(State(lastID: Int(Date().timeIntervalSince1970 * 1_000_000)))
    }

    /// A feed that records every task event published on `bus` from now on.
    package static func listening(to bus: EventBus, store: Store, configuration: Configuration = Configuration()) -> TaskEventFeed {
        let feed = TaskEventFeed(store: store, configuration: configuration)
        bus.subscribe { [weak feed] event in feed?.record(event) }
        return feed
    }

    /// Number and keep the task and job changes of `event`, and queue them for their followers.
    package func record(_ event: DomainEvent) {
        let changes = TaskStateChange.changes(of: event, at: Int64(Date().timeIntervalSince1970))
        guard !changes.isEmpty else { return }
        let capacity = configuration.capacity
        let cutOff: [AsyncStream<Item>.Continuation] = state.withLock { state in
            var cutOff: [AsyncStream<Item>.Continuation] = []
            for var change in changes {
                state.lastID += 1
                change.id = state.lastID
                if state.ring.count < capacity {
                    state.ring.append(change)
                } else {
                    state.ring[state.head] = change
                    state.head = (state.head + 1) % capacity
                }
                for scope in [TaskEventScope.workflow(change.workflowKey), .project(change.projectKey)] {
                    for (token, follower) in state.followers[scope] ?? [:] {
                        if case .dropped = follower.yield(.change(change)) {
                            state.followers[scope]?.removeValue(forKey: token)
                            cutOff.append(follower)
                        }
                    }
                }
            }
            return cutOff
        }
        // A follower that fell behind ends after what it has queued, and resumes from there.
        for follower in cutOff { follower.finish() }
    }

    /// Register a follower of `scope` that has seen every change up to `lastID` (nil: none, follow
    /// from now). Registration and the replay are one step, so no change falls between them.
    func subscribe(_ scope: TaskEventScope, after lastID: Int?) -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(configuration.followerBuffer))
        let (token, position, start) = state.withLock { state in
            let token = state.nextToken
            state.nextToken += 1
            state.followers[scope, default: [:]][token] = continuation
            return (token, lastID ?? state.lastID, Self.start(after: lastID, scope: scope, state))
        }
        let heartbeat = configuration.heartbeat
        let beats = Task {
            while true {
                do { try await Task.sleep(for: heartbeat) } catch { return }
                continuation.yield(.heartbeat)
            }
        }
        continuation.onTermination = { [weak self] _ in
            beats.cancel()
            self?.unsubscribe(scope, token)
        }
        return Subscription(token: token, position: position, start: start, stream: stream)
    }

    private static func start(after lastID: Int?, scope: TaskEventScope, _ state: State) -> Start {
        guard let lastID else { return .replay([]) }
        let oldest = state.ring.isEmpty ? state.lastID + 1 : state.ring[state.head].id
        guard lastID <= state.lastID, lastID >= oldest - 1 else { return .resync(id: state.lastID) }
        let ordered = state.ring[state.head...] + state.ring[..<state.head]
        return .replay(ordered.filter { $0.id > lastID && scope.contains($0) })
    }

    /// Remove a follower and end its queue (idempotent).
    func unsubscribe(_ scope: TaskEventScope, _ token: Int) {
        let removed = state.withLock { state -> AsyncStream<Item>.Continuation? in
            let removed = state.followers[scope]?.removeValue(forKey: token)
            if state.followers[scope]?.isEmpty == true { state.followers.removeValue(forKey: scope) }
            return removed
        }
        removed?.finish()
    }

    /// How many followers are registered now (all scopes).
    package var followerCount: Int {
        state.withLock { $0.followers.values.reduce(0) { $0 + $1.count } }
    }

    /// The id of the latest change recorded.
    package var lastID: Int {
        state.withLock { $0.lastID }
    }
}
