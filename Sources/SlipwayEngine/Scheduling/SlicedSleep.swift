/// Sleeps for long waits that usually end early by cancellation (job and approval timeouts).
///
/// A cancelled `Task.sleep` returns at once, but on Linux the runtime's timer for it (a dispatch
/// timer and the sleeping child task, about 0.8 KiB) stays armed until the original deadline.
/// With the default job timeout of 600 minutes every finished job left that behind for ten
/// hours. Sleeping in slices of at most `slice` bounds what a cancelled wait holds to one slice.
package enum SlicedSleep {
    /// The longest single `Task.sleep`.
    package static let slice: Duration = .seconds(1)

    /// Sleep for `duration`, or throw `CancellationError` once the task is cancelled.
    package static func sleep(for duration: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while clock.now < deadline {
            try await Task.sleep(until: min(deadline, clock.now + slice), clock: clock)
        }
    }
}
