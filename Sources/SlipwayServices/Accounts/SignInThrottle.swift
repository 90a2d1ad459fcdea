import Foundation
import Synchronization

/// Slows down password guessing: after `limit` failed sign-ins for one account within `window`,
/// further attempts for it are refused (without checking the password) until the oldest failure
/// leaves the window. Kept in memory: a restart forgets it, which a guesser cannot arrange.
package final class SignInThrottle: Sendable {
    package let limit: Int
    package let window: Duration
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    package init(limit: Int = 5, window: Duration = .seconds(15 * 60)) {
        self.limit = limit
        self.window = window
    }

    /// Accounts tracked before failures outside the window are swept out, so guesses at many
    /// unknown names cannot grow the table without end.
    package static let sweepAbove = 10_000

    /// The table's key: an account name is at most 64 characters, so a longer one is cut.
    private func key(_ account: String) -> String { String(account.prefix(128)).lowercased() }

    /// True when another attempt for `account` may be checked now.
    package func allows(_ account: String, now: ContinuousClock.Instant = .now) -> Bool {
        failures.withLock { table in
            let recent = (table[key(account)] ?? []).filter { now - $0 < window }
            table[key(account)] = recent.isEmpty ? nil : recent
            return recent.count < limit
        }
    }

    package func recordFailure(_ account: String, now: ContinuousClock.Instant = .now) {
        failures.withLock { table in
            let recent = (table[key(account)] ?? []).filter { now - $0 < window }
            table[key(account)] = recent + [now]
            if table.count > Self.sweepAbove {
                table = table.filter { _, times in times.last.map { now - $0 < window } ?? false }
            }
        }
    }

    /// How many accounts have failures on record (tests).
    package var trackedAccounts: Int { failures.withLock { $0.count } }

    /// A successful sign-in clears the account's failures.
    package func reset(_ account: String) {
        _ = failures.withLock { $0.removeValue(forKey: key(account)) }
    }
}
