import Foundation
import SlipwayPipes
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One thread waiting, with epoll, for the descriptors of children's pipes and for their pidfds:
/// `ChildPipe` asks it when a descriptor is ready and does the reading and writing itself. A
/// wait registers its descriptors one-shot and removes them when it ends, so nothing is kept
/// once a child is done.
package final class PipeWatcher: Sendable {
    package static let shared = PipeWatcher()

    private let epoll: CInt
    /// Each wait registered now, by its number, which its descriptors' events carry (not the
    /// descriptor: a late event of a closed one must not wake the wait of another that got its
    /// number).
    private let waits = Mutex<(next: UInt64, byNumber: [UInt64: Wait])>((1, [:]))

    private final class Wait: Sendable {
        /// The descriptors asked about: what the wait returns.
        let asked: [CInt]
        /// What is in the epoll set for each: the one asked about, or a duplicate of a pidfd
        /// that another wait (of the same child's other pipe) has there already. Duplicates are
        /// closed when the wait ends.
        let registered: [CInt]
        let continuation: CheckedContinuation<CInt, Never>
        init(_ asked: [CInt], _ registered: [CInt], _ continuation: CheckedContinuation<CInt, Never>) {
            self.asked = asked
            self.registered = registered
            self.continuation = continuation
        }

        /// Out of the epoll set, and the duplicates closed.
        func remove(from epoll: CInt) {
            for (asked, registered) in zip(asked, registered) {
                _ = epoll_ctl(epoll, EPOLL_CTL_DEL, registered, nil)
                if registered != asked { close(registered) }
            }
        }
    }

    private init() {
        epoll = epoll_create1(CInt(EPOLL_CLOEXEC))
        let thread = Thread { [self] in watch() }
        thread.name = "slipway-pipes"
        thread.start()
    }

    /// `EPOLLIN`, `EPOLLOUT`: what `ready` waits for.
    package static let readable = EPOLLIN.rawValue, writable = EPOLLOUT.rawValue

    /// Wait until `descriptor` is ready for `event` (`readable`, `writable`; a hang-up or an
    /// error counts as ready), or the process whose pidfd is `pidfd` has ended (-1: no pidfd);
    /// returns the one that was first. Neither is watched any more when this returns. Several
    /// waits may watch one pidfd at once (a child's input, output and error each have one).
    /// Returns -1 at once when epoll refuses one: the caller then takes the child as ended (no
    /// waiting in a loop that cannot wait). A cancelled task waits on: what a child writes while
    /// it is being stopped is still read (swift-subprocess ends a cancelled run's child, and with
    /// it the wait).
    package func ready(_ descriptor: CInt, for event: UInt32, orEndOf pidfd: CInt) async -> CInt {
        let (asked, events) = pidfd >= 0 ? ([descriptor, pidfd], [event, Self.readable]) : ([descriptor], [event])
        return await withCheckedContinuation { continuation in
            if !register(asked, events, continuation) { continuation.resume(returning: -1) }
        }
    }

    /// Adds the wait's descriptors to the epoll set, one-shot, each event carrying the wait's
    /// number and which of its descriptors it is (the low bit). False when epoll refused one.
    private func register(_ asked: [CInt], _ events: [UInt32], _ continuation: CheckedContinuation<CInt, Never>) -> Bool {
        waits.withLock { [epoll] waits -> Bool in
            let number = waits.next
            waits.next += 1
            var registered: [CInt] = []
            for (n, descriptor) in asked.enumerated() {
                var event = epoll_event(events: events[n] | EPOLLONESHOT.rawValue, data: epoll_data(u64: number << 1 | UInt64(n)))
                var added = descriptor
                var result = epoll_ctl(epoll, EPOLL_CTL_ADD, added, &event)
                // A pidfd another wait watches: epoll takes a duplicate of it as another entry.
                if result != 0 && errno == EEXIST && n == 1 {
                    added = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
                    result = added < 0 ? -1 : epoll_ctl(epoll, EPOLL_CTL_ADD, added, &event)
                    if result != 0 && added >= 0 { close(added) }
                }
                guard result == 0 else {
                    Wait(Array(asked.prefix(n)), registered, continuation).remove(from: epoll)
                    return false
                }
                registered.append(added)
            }
            waits.byNumber[number] = Wait(asked, registered, continuation)
            return true
        }
    }

    /// Ends the wait `number`, if it is still waiting: its descriptors are removed and it returns
    /// the one at `which`.
    private func end(_ number: UInt64, which: Int) {
        let ended = waits.withLock { [epoll] waits -> Wait? in
            guard let wait = waits.byNumber.removeValue(forKey: number) else { return nil }
            wait.remove(from: epoll)
            return wait
        }
        if let ended { ended.continuation.resume(returning: ended.asked[which]) }
    }

    private func watch() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = epoll_wait(epoll, &events, CInt(events.count), -1)
            if count < 0 { continue }  // EINTR
            // The wait ends at its first ready descriptor: all of its descriptors are removed.
            for event in events.prefix(Int(count)) { end(event.data.u64 >> 1, which: Int(event.data.u64 & 1)) }
        }
    }
}
