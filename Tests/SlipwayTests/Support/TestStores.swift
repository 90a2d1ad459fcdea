@_exported import SlipwayTestSupport
import Testing

extension StoreKind: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
