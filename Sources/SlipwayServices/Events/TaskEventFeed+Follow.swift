import ServiceLifecycle
import SlipwayCore
import Synchronization

extension TaskEventFeed {
    /// Follow `scope` from `lastID` (nil: from now) until the caller stops (`send` throws, say
    /// because the client went away) or the server shuts down; `send` gets every message in order.
    ///
    /// Missed changes still in the ring are replayed; older ones are covered by a resync (the
    /// scope's unfinished tasks as stored). A follower that falls behind is cut off by the feed and
    /// resumes here from the last change it was sent, so nothing is silently skipped.
    package func follow(
        _ scope: TaskEventScope, after lastID: Int?, _ send: (TaskFeedMessage) async throws -> Void
    ) async throws {
        let control = FollowControl()
        try await withGracefulShutdownHandler {
            var last = lastID
            var subscribed = false
            while !control.isStopped {
                let subscription = subscribe(scope, after: last)
                defer { unsubscribe(scope, subscription.token) }
                guard control.attach(scope, subscription.token, to: self) else { break }
                if !subscribed {
                    subscribed = true
                    try await send(.subscribed(id: subscription.position))
                }
                switch subscription.start {
                case .replay(let changes):
                    for change in changes {
                        try await send(.change(change))
                        last = change.id
                    }
                case .resync(let id):
                    try await send(.resync(id: id, tasks: try await unfinished(scope)))
                    last = id
                }
                for await item in subscription.stream {
                    switch item {
                    case .change(let change):
                        try await send(.change(change))
                        last = change.id
                    case .heartbeat:
                        try await send(.heartbeat)
                    }
                }
                try Task.checkCancellation()
            }
        } onGracefulShutdown: {
            control.stop()
        }
    }

    /// The scope's unfinished tasks, oldest first, as stored now.
    func unfinished(_ scope: TaskEventScope) async throws -> [WorkflowTask] {
        switch scope {
        case .workflow(let key): try await store.tasks.unfinished(projectKey: nil, workflowKeys: [key])
        case .project(let key): try await store.tasks.unfinished(projectKey: key)
        }
    }
}

/// Lets a server shutdown end a follow: the current subscription is ended and none follows.
private final class FollowControl: Sendable {
    private struct State {
        var stopped = false
        var current: (scope: TaskEventScope, token: Int, feed: TaskEventFeed)?
    }

    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Remember the live subscription; false (and nothing kept) once stopped.
    func attach(_ scope: TaskEventScope, _ token: Int, to feed: TaskEventFeed) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.current = (scope, token, feed)
            return true
        }
    }

    func stop() {
        let current = state.withLock { state in
            state.stopped = true
            return state.current
        }
        if let current { current.feed.unsubscribe(current.scope, current.token) }
    }
}
