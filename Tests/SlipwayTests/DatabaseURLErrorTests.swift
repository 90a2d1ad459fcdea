import SlipwayStore
import Testing

/// A database URL the server cannot use is reported at start-up, and in a `sql` job's log,
/// without its password.
@Suite struct DatabaseURLErrorTests {
    @Test func anUnusableURLIsReportedWithoutItsPassword() throws {
        var message = ""
        do {
            _ = try PostgresURL.parse("postgres://admin:s3cr3t@/slipway")
        } catch {
            message = "\(error)"
        }
        #expect(message == "unsupported database URL: postgres://admin:***@/slipway (use postgres://… or a SQLite file path)")
        #expect(StoreError.badDatabaseURL("mysql://a:p@ss@host/db").description.contains("mysql://a:***@host/db"), "up to the last @")
        #expect(StoreError.badDatabaseURL("mysql://host/db").description.contains("mysql://host/db"), "no user part: kept")
        #expect(StoreError.badDatabaseURL("ftp://user@host/db").description.contains("ftp://user@host/db"), "no password: kept")
    }
}
