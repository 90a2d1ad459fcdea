import SlipwayStore
@_exported import SlipwayTestSupport
import Testing

/// The stores every CODING test runs on (the shared fixture of all test targets).
typealias CodingStoreKind = StoreKind

extension StoreKind: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// A fresh, migrated store for one test, dropped afterwards.
func withCodingStore<T: Sendable>(_ kind: CodingStoreKind, _ body: (Store) async throws -> T) async throws -> T {
    try await withFreshStore(kind, body)
}
