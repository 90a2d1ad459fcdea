import Crypto
import Foundation

/// API token secrets: random, shown once, stored only as a SHA-256 hash.
package enum TokenSecret {
    /// A new secret: `slw_` and 43 URL-safe characters (256 random bits).
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "slw_" + encoded
    }

    /// Hex SHA-256 of the secret: what the store keeps and looks tokens up by.
    package static func hash(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// A random UUID string for public identifiers.
    package static func uuid() -> String {
        UUID().uuidString.lowercased()
    }
}
