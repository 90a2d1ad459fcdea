import HummingbirdBcrypt

/// Web sign-in passwords: bcrypt hashes, and what a new password must be.
package enum PasswordHasher {
    /// bcrypt's work factor: 2^cost rounds.
    package static let cost: UInt8 = 10

    /// Why a new password is refused, or nil when it is acceptable.
    package static func problem(_ password: String) -> String? {
        if password.count < 8 { return "a password must be at least 8 characters" }
        // bcrypt reads 72 bytes at most: a longer password would be cut without anyone noticing.
        if password.utf8.count > 72 { return "a password must be at most 72 bytes" }
        return nil
    }

    package static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    package static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// A hash no password matches by chance, checked for unknown accounts so that a sign-in takes
    /// as long whether the account exists or not.
    package static let decoy = Bcrypt.hash("slipway-decoy-password", cost: cost)
}
