/// An SSH public key: a user's own key (`depotID == 0`) or a depot's deploy key.
package struct PublicKey: Sendable, Equatable {
    package var id: Int64
    /// The user who owns the key (user keys) or added it (deploy keys).
    package var ownerUID: String
    package var depotID: Int64
    package var title: String
    /// The normalised `type base64` line (the comment is not kept).
    package var content: String
    /// `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it.
    package var fingerprint: String
    /// MD5 colon-hex (`0c:36:…`), the form CODING shows.
    package var md5Fingerprint: String
    package var allowWrite: Bool
    /// `yyyy-MM-dd`, empty when the key never expires.
    package var expirationDate: String
    package var createdAt: EpochMillis

    package init(
        id: Int64 = 0, ownerUID: String, depotID: Int64 = 0, title: String, content: String, fingerprint: String,
        md5Fingerprint: String, allowWrite: Bool = false, expirationDate: String = "", createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.ownerUID = ownerUID
        self.depotID = depotID
        self.title = title
        self.content = content
        self.fingerprint = fingerprint
        self.md5Fingerprint = md5Fingerprint
        self.allowWrite = allowWrite
        self.expirationDate = expirationDate
        self.createdAt = createdAt
    }
}
