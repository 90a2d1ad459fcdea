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
final class PipeWatcher: Sendable {
    static let shared = PipeWatcher()

    private let epoll: CInt
    /// The wait of each descriptor registered now: a wait holds one or two descriptors.
    private let waits = Mutex<[CInt: Wait]>([:])

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

    /// Wait until the first of `descriptors` is ready for what `events` names (`EPOLLIN`,
    /// `EPOLLOUT`; a hang-up or an error counts as ready); returns that descriptor. The others
    /// are no longer watched when this returns. Returns -1 at once when epoll refuses one: the
    /// caller then takes the child as ended (no waiting in a loop that cannot wait).
    func ready(_ descriptors: [CInt], for events: [UInt32]) async -> CInt {
        await withCheckedContinuation { continuation in
            let wait = Wait(descriptors, continuation)
            let refused = waits.withLock { waits -> Bool in
                for (n, descriptor) in descriptors.enumerated() {
                    var event = epoll_event(events: events[n] | EPOLLONESHOT.rawValue, data: epoll_data(fd: descriptor))
                    guard epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
                        for added in descriptors.prefix(n) { Self.forget(added, epoll, &waits) }
                        return true
                    }
                    waits[descriptor] = wait
                }
                return false
            }
            if refused { continuation.resume(returning: -1) }
        }
    }

    private static func forget(_ descriptor: CInt, _ epoll: CInt, _ waits: inout [CInt: Wait]) {
        waits[descriptor] = nil
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
    }

    private func watch() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = epoll_wait(epoll, &events, CInt(events.count), -1)
            if count < 0 { continue }  // EINTR
            for event in events.prefix(Int(count)) {
                let descriptor = event.data.fd
                // The wait ends at its first ready descriptor: all of its descriptors are removed.
                let ended = waits.withLock { [epoll] waits -> Wait? in
                    guard let wait = waits[descriptor] else { return nil }
                    for other in wait.descriptors { Self.forget(other, epoll, &waits) }
                    return wait
                }
                ended?.continuation.resume(returning: descriptor)
            }
        }
    }
}
