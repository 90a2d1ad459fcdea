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
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A random UUID string for public identifiers.
    package static func uuid() -> String {
        UUID().uuidString.lowercased()
    }
}
