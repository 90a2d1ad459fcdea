import Crypto
import Foundation

/// Provider signature checks. Every comparison of secret-derived bytes is constant-time.
package enum WebhookSignature {
    /// The outcome for one application's secret.
    package enum Verdict: String, Sendable {
        case valid
        case invalid
        /// The application has no secret: the delivery is accepted unsigned.
        case unsigned
    }

    /// Verify a delivery of `provider` against `secret`; `headers` are lower-cased.
    package static func verify(provider: String, headers: [String: String], body: [UInt8], secret: String) -> Verdict {
        guard !secret.isEmpty else { return .unsigned }
        let key = SymmetricKey(data: Data(secret.utf8))
        switch provider {
        case "github":
            if let header = headers["x-hub-signature-256"], header.hasPrefix("sha256=") {
                let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
                return constantTimeEqual(Array(hex(mac).utf8), Array(header.dropFirst(7).lowercased().utf8)) ? .valid : .invalid
            }
            if let header = headers["x-hub-signature"], header.hasPrefix("sha1=") {
                let mac = HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key)
                return constantTimeEqual(Array(hex(mac).utf8), Array(header.dropFirst(5).lowercased().utf8)) ? .valid : .invalid
            }
            return .invalid
        case "gitlab":
            guard let token = headers["x-gitlab-token"] else { return .invalid }
            return constantTimeEqual(Array(token.utf8), Array(secret.utf8)) ? .valid : .invalid
        case "gitee":
            guard let token = headers["x-gitee-token"] else { return .invalid }
            if constantTimeEqual(Array(token.utf8), Array(secret.utf8)) { return .valid }
            // Signed mode: base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")).
            guard let timestamp = headers["x-gitee-timestamp"] else { return .invalid }
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: key)
            let expected = Data(mac).base64EncodedString()
            let given = token.removingPercentEncoding ?? token
            return constantTimeEqual(Array(expected.utf8), Array(given.utf8)) ? .valid : .invalid
        case "coding":
            // CODING signs the body with HMAC-SHA1 of the webhook token: `X-Coding-Signature: sha1=<hex>`.
            if let header = headers["x-coding-signature"], header.hasPrefix("sha1=") {
                let mac = HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key)
                return constantTimeEqual(Array(hex(mac).utf8), Array(header.dropFirst(5).lowercased().utf8)) ? .valid : .invalid
            }
            if let token = headers["x-coding-token"] {
                return constantTimeEqual(Array(token.utf8), Array(secret.utf8)) ? .valid : .invalid
            }
            return .invalid
        default:
            return .invalid
        }
    }

    /// Compare without an early exit; the length difference is folded into the result.
    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }

    static func hex<M: MessageAuthenticationCode>(_ mac: M) -> String {
        mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Signature headers for a body (tests, the benchmark and outgoing replays of our own).
    package static func githubHeaders(body: [UInt8], secret: String) -> [String: String] {
        let key = SymmetricKey(data: Data(secret.utf8))
        return [
            "x-hub-signature-256": "sha256=" + hex(HMAC<SHA256>.authenticationCode(for: body, using: key)),
            "x-hub-signature": "sha1=" + hex(HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key)),
        ]
    }
}
