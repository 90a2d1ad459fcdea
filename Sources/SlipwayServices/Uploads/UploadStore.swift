import Foundation
import SlipwayCore
import SlipwayStore

/// Files users upload for a purpose in a project (a wiki ZIP, a test attachment): a ticket is
/// issued to a member who may write there (`issue`), the file arrives once over HTTP with the
/// ticket's secret (`receive`, bounded in size), and the feature that asked for it takes it
/// (`claim`, once). Tickets expire; the secret is kept hashed; files live under
/// `<data>/uploads/<key>`; every arrival is in the operation log.
package struct UploadStore: Sendable {
    package let context: ServiceContext
    /// The largest file accepted.
    package var maxBytes: Int64 = 20 << 20
    /// How long a ticket stays valid.
    package var lifetime: EpochMillis = 60 * 60 * 1000

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var directory: String { context.dataDirectory + "/uploads" }

    /// A new ticket and its secret (shown once).
    package func issue(purpose: String, projectKey: String, fileName: String, by user: User) async throws -> (upload: Upload, secret: String) {
        let name = fileName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.utf8.count <= 255, !name.contains("/"), !name.contains("\\"), name != ".", name != ".." else {
            throw SlipwayError.invalidInput("FileName must be a plain file name of 1…255 bytes")
        }
        let secret = TokenSecret.generate(), now = EpochMillis.now()
        let upload = Upload(
            purpose: purpose, key: TokenSecret.uuid().replacingOccurrences(of: "-", with: ""), projectKey: projectKey, ownerUID: user.uid,
            fileName: name, secretHash: TokenSecret.hash(secret), expiresAt: now + lifetime, createdAt: now)
        try await store.uploads.create(upload)
        return (upload, secret)
    }

    /// The ticket `key`, if `secret` opens it for `user` and it has not expired.
    func ticket(key: String, secret: String, user: User) async throws -> Upload {
        guard key.utf8.count <= 64, key.allSatisfy(\.isHexDigit), let upload = try await store.uploads.get(key: key),
            upload.secretHash == TokenSecret.hash(secret), upload.ownerUID == user.uid
        else { throw SlipwayError.notFound("no upload \(key.prefix(64)) for this token") }
        guard upload.expiresAt > EpochMillis.now() else { throw SlipwayError.failedPrecondition("the upload token has expired") }
        return upload
    }

    /// Store the file of ticket `key`, streamed in `chunks`; refused past `maxBytes` (nothing kept).
    package func receive(key: String, secret: String, by user: User, chunks: some AsyncSequence<[UInt8], any Error>) async throws -> Upload {
        var upload = try await ticket(key: key, secret: secret, user: user)
        guard upload.size == nil else { throw SlipwayError.conflict("the file of upload \(key) has already arrived") }
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        let partial = directory + "/tmp/" + TokenSecret.uuid()
        defer { try? FileManager.default.removeItem(atPath: partial) }
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw SlipwayError.internalError("cannot create an upload file under \(directory)")
        }
        var size: Int64 = 0
        do {
            defer { try? handle.close() }
            for try await chunk in chunks {
                size += Int64(chunk.count)
                guard size <= maxBytes else { throw SlipwayError.invalidInput("the file exceeds \(maxBytes) bytes") }
                try handle.write(contentsOf: chunk)
            }
        }
        guard size > 0 else { throw SlipwayError.invalidInput("the upload is empty") }
        guard rename(partial, path(key)) == 0 else { throw SlipwayError.internalError("cannot store upload \(key): errno \(errno)") }
        guard try await store.uploads.markReceived(key: key, size: size) else {
            throw SlipwayError.conflict("the file of upload \(key) has already arrived")
        }
        upload.size = size
        try await store.operationLogs.record(
            OperationLog(
                username: user.account, projectKey: upload.projectKey, method: "CODING", function: "Upload", detail: upload.fileName,
                requestBody: "", bodyType: "", status: 200))
        return upload
    }

    /// Take the arrived file of ticket `key` for `purpose` in `projectKey` (once): its path, which
    /// the caller removes with `discard` when done.
    package func claim(
        purpose: String, key: String, secret: String, time: Int64, fileName: String, projectKey: String, by user: User
    ) async throws -> String {
        let upload = try await ticket(key: key, secret: secret, user: user)
        guard upload.purpose == purpose, upload.projectKey == projectKey else {
            throw SlipwayError.invalidInput("upload \(key) was not issued for this \(purpose) in project \(projectKey)")
        }
        guard time == upload.expiresAt, fileName == upload.fileName else {
            throw SlipwayError.invalidInput("Time and FileName must be those of the upload token")
        }
        guard upload.size != nil else { throw SlipwayError.failedPrecondition("the file of upload \(key) has not arrived yet") }
        guard try await store.uploads.delete(key: key) else { throw SlipwayError.conflict("upload \(key) has already been used") }
        return path(key)
    }

    /// Remove an upload's file (after `claim`) or a whole ticket.
    package func discard(key: String) async {
        try? FileManager.default.removeItem(atPath: path(key))
        try? await store.uploads.delete(key: key)
    }

    func path(_ key: String) -> String { directory + "/" + key }
}
