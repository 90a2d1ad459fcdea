import Foundation
import SlipwayServices
import Testing

/// The sign-in throttle: five failures refuse an account for the window; failures of many unknown
/// names are swept once they leave the window, so the table stays bounded.
@Suite struct SignInThrottleTests {
    @Test func failuresLeaveTheTableOnceOutsideTheWindow() {
        let throttle = SignInThrottle(limit: 5, window: .seconds(60))
        let start = ContinuousClock.now
        for n in 0..<5 { throttle.recordFailure("alice", now: start + .milliseconds(n)) }
        #expect(!throttle.allows("ALICE", now: start + .seconds(1)), "five failures refuse the account, whatever its case")
        for n in 0...SignInThrottle.sweepAbove { throttle.recordFailure("guess-\(n)", now: start + .seconds(2)) }
        #expect(throttle.trackedAccounts == SignInThrottle.sweepAbove + 2)
        throttle.recordFailure("late", now: start + .seconds(120))
        #expect(throttle.trackedAccounts == 1, "only the failure inside the window is kept")
        #expect(throttle.allows("alice", now: start + .seconds(120)))
        throttle.recordFailure(String(repeating: "x", count: 100_000), now: start + .seconds(121))
        #expect(throttle.trackedAccounts == 2)
    }
}
