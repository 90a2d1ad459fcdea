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
        let descriptors: [CInt]
        let continuation: CheckedContinuation<CInt, Never>
        init(_ descriptors: [CInt], _ continuation: CheckedContinuation<CInt, Never>) {
            self.descriptors = descriptors
            self.continuation = continuation
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
    /// returns the one that was first. Neither is watched any more when this returns. Returns -1
    /// at once when epoll refuses one: the caller then takes the child as ended (no waiting in a
    /// loop that cannot wait).
    package func ready(_ descriptor: CInt, for event: UInt32, orEndOf pidfd: CInt) async -> CInt {
        let (descriptors, events) = pidfd >= 0 ? ([descriptor, pidfd], [event, Self.readable]) : ([descriptor], [event])
        return await withCheckedContinuation { continuation in
            let wait = Wait(descriptors, continuation)
            let registered = waits.withLock { [epoll] waits -> Bool in
                let number = waits.next
                waits.next += 1
                // The event's 64 bits: the wait's number, and which of its descriptors (low bit).
                for (n, descriptor) in descriptors.enumerated() {
                    var event = epoll_event(events: events[n] | EPOLLONESHOT.rawValue, data: epoll_data(u64: number << 1 | UInt64(n)))
                    guard epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
                        for added in descriptors.prefix(n) { _ = epoll_ctl(epoll, EPOLL_CTL_DEL, added, nil) }
                        return false
                    }
                }
                waits.byNumber[number] = wait
                return true
            }
            if !registered { continuation.resume(returning: -1) }
        }
    }

    private func watch() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = epoll_wait(epoll, &events, CInt(events.count), -1)
            if count < 0 { continue }  // EINTR
            for event in events.prefix(Int(count)) {
                let number = event.data.u64 >> 1, which = Int(event.data.u64 & 1)
                // The wait ends at its first ready descriptor: all of its descriptors are removed.
                let ended = waits.withLock { [epoll] waits -> Wait? in
                    guard let wait = waits.byNumber.removeValue(forKey: number) else { return nil }
                    for descriptor in wait.descriptors { _ = epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil) }
                    return wait
                }
                if let ended { ended.continuation.resume(returning: ended.descriptors[which]) }
            }
        }
    }
}
