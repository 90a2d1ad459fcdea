import SQLKit
import SlipwayCore

/// A provider's deliveries, newest first: each delivery takes its provider's next number in the
/// insert's transaction and deliveries are never deleted, so the provider's counter is its
/// count and the deliveries ranked `skip+1…skip+size` are the numbers `count-skip-size+1…count-skip`,
/// one range of the `(provider, provider_seq)` index.
extension TriggerDeliveryRepository {
    /// How many deliveries came from `provider`: its counter, not a count of rows.
    package func count(provider: String) async throws -> Int {
        try await sql.read { db in try await KeyedSequence.current(Self.providerCounter, provider, db) }
    }

    /// The page's select; nil when the page is empty.
    static func providerPage(_ provider: String, total: Int, skip: Int, size: Int) -> SQLQueryString? {
        guard skip < total, size > 0 else { return nil }
        let columns = TriggerDeliverySummaryRow.plainColumns.map(\.name).joined(separator: ", ")
        return """
            SELECT \(unsafeRaw: columns) FROM trigger_deliveries WHERE provider = \(bind: provider) \
            AND provider_seq <= \(bind: total - skip) ORDER BY provider_seq DESC LIMIT \(bind: size)
            """
    }

    /// The database's plan for one provider's page (SQLite `EXPLAIN QUERY PLAN` details,
    /// PostgreSQL `EXPLAIN` lines); empty when the page is empty. For tests and benchmarks.
    package func listPlan(provider: String, limit: Int, offset: Int) async throws -> [String] {
        let total = try await count(provider: provider)
        guard let page = Self.providerPage(provider, total: total, skip: max(0, offset), size: max(0, min(limit, 500))) else { return [] }
        return try await sql.read { db in try await db.explain(page) }
    }
}
