import Crypto
import Foundation

/// Seals secrets at rest with AES-GCM: a 256-bit key and a random 96-bit nonce per value.
///
/// A sealed value is the text `enc:v1:<base64 of nonce ‖ ciphertext ‖ tag>`, so a row written
/// before encryption existed (plaintext) is recognisable and the format can change later.
package struct SecretBox: Sendable {
    /// What every sealed value starts with.
    package static let prefix = "enc:v1:"
    private let key: SymmetricKey

    /// A box over a 32-byte key.
    package init(key: SymmetricKey) throws(StoreError) {
        guard key.bitCount == 256 else { throw .badSecretKey("must be 32 bytes (256 bits), got \(key.bitCount / 8)") }
        self.key = key
    }

    /// A box over a base64-encoded 32-byte key (`secret.key`, `SLIPWAY_SECRET_KEY`).
    package init(base64: String) throws(StoreError) {
        let text = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: text) else {
            throw .badSecretKey("not base64 (expected 32 random bytes, base64-encoded)")
        }
        try self.init(key: SymmetricKey(data: data))
    }

    /// 32 fresh random bytes, base64-encoded: the content of a new `secret.key`.
    package static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// True when `value` is sealed (by any key).
    package static func isSealed(_ value: String) -> Bool { value.hasPrefix(prefix) }

    /// Encrypt `plaintext`. Always seals, even a value that already looks sealed, so opening once
    /// gives back exactly what was given.
    package func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw StoreError.badSecretKey("AES-GCM produced no combined form") }
        return Self.prefix + combined.base64EncodedString()
    }

    /// Decrypt a sealed value; a value without the prefix is plaintext from before encryption and
    /// comes back unchanged. A value sealed with another key is an error, never garbage.
    package func open(_ value: String) throws(StoreError) -> String {
        guard Self.isSealed(value) else { return value }
        guard let data = Data(base64Encoded: String(value.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key)
        else { throw .secretKeyMismatch }
        return String(decoding: plain, as: UTF8.self)
    }
}
