import Foundation
import SlipwayHTTP
import Testing

/// `JSONText` writes the same bytes as the dialects' `JSONEncoder` for every string and number.
@Suite struct JSONTextTests {
    static let strings: [String] =
        ["", "plain", "quote \" and backslash \\", "slash / stays", "tab\tnew\nline\r", "emoji 🚀 and 中文", "line sep \u{2028} para \u{2029}", "\u{7F} delete"]
        + (0..<0x20).map { "control \(String(UnicodeScalar(UInt8($0))))." }

    @Test func stringsAreEscapedAsTheEncoderDoes() throws {
        for value in Self.strings {
            var json = JSONText()
            json.string(value)
            let expected = try JSONResponse.defaultEncoder.encode(value)
            #expect(json.bytes == Array(expected), "\(value.debugDescription): \(String(decoding: json.bytes, as: UTF8.self))")
        }
    }

    @Test func numbersAndPunctuation() throws {
        var json = JSONText()
        json.raw("[")
        json.int(Int64.min)
        json.raw(",")
        json.int(0)
        json.raw(",")
        json.int(Int.max)
        json.raw(",")
        json.bool(true)
        json.raw(",{")
        json.key("k\"ey")
        json.bool(false)
        json.raw("}]")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [Any])
        #expect(parsed.count == 5)
        #expect((parsed[0] as? NSNumber)?.int64Value == Int64.min)
        #expect((parsed[2] as? NSNumber)?.intValue == Int.max)
        #expect((parsed[4] as? [String: Bool])?["k\"ey"] == false)
    }

    @Test func integersAreTheirDecimalText() {
        let values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 1_796_180_947_309, -987_654_321, Int64.max, Int64.min]
        for value in values {
            var json = JSONText()
            json.int(value)
            #expect(String(decoding: json.bytes, as: UTF8.self) == String(value))
        }
        var wide = JSONText()
        wide.int(UInt64.max)
        #expect(String(decoding: wide.bytes, as: UTF8.self) == String(UInt64.max))
    }
}
