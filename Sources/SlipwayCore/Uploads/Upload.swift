/// A file a user may upload (or has uploaded) for one purpose in one project: issued with a
/// secret that expires, tied to the user who asked for it. The file lives under the data
/// directory (`UploadStore`); the secret is kept only as its SHA-256.
package struct Upload: Sendable, Equatable {
    /// What the upload is for (`wiki-zip`, …): an upload serves only the purpose it was issued for.
    package var purpose: String
    /// A random public id (the object key).
    package var key: String
    package var projectKey: String
    package var ownerUID: String
    package var fileName: String
    /// Hex SHA-256 of the secret.
    package var secretHash: String
    package var expiresAt: EpochMillis
    /// Bytes received; nil until the file has arrived.
    package var size: Int64?
    package var createdAt: EpochMillis

    package init(
        purpose: String, key: String, projectKey: String, ownerUID: String, fileName: String, secretHash: String, expiresAt: EpochMillis,
        createdAt: EpochMillis
    ) {
        self.purpose = purpose
        self.key = key
        self.projectKey = projectKey
        self.ownerUID = ownerUID
        self.fileName = fileName
        self.secretHash = secretHash
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
