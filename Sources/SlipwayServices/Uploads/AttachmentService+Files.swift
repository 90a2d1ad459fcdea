import SlipwayCore
import SlipwayStore

/// Attached files: test cases and test reports hold them through `AttachmentIds` (issues through
/// `FileIds`, `IssueService+Files`); members download them through a link that names one file for
/// one member and expires after ten minutes.
extension AttachmentService {
    /// How long a download link stays valid.
    package static let linkLifetime: EpochMillis = 10 * 60 * 1000
    /// The most attachments one case or report holds.
    package static let maxPerHolder = 100

    /// The distinct `ids`, checked: each a file the caller uploaded to the project (its file
    /// arrived) and left unattached, or one `holder` already has (nil: a holder not yet stored).
    package func checked(_ ids: [Int64], for holder: TestAttachmentHolder?, projectKey: String, by user: User) async throws -> [Int64] {
        var unique: [Int64] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        guard unique.count <= Self.maxPerHolder else { throw SlipwayError.invalidInput("AttachmentIds: at most \(Self.maxPerHolder) files") }
        let found = try await context.store.issueAttachments.attachments(projectKey: projectKey, ids: unique)
        for id in unique {
            guard let file = found.first(where: { $0.id == id }), file.size != nil, Self.may(hold: file, holder, user)
            else {
                throw SlipwayError.invalidInput("AttachmentIds: \(id) is not a file you uploaded to project \(projectKey) and left unattached")
            }
        }
        return unique
    }

    /// Make `ids` (`checked` first) exactly the files `holder` holds; the caller has checked that
    /// `user` may change the holder. The files it no longer holds go back, unattached, to their uploaders.
    package func attach(_ ids: [Int64], to holder: TestAttachmentHolder) async throws {
        try await context.store.issueAttachments.setAttachments(ids, of: holder)
    }

    /// Whether `holder` (nil: a new one) may hold `file`: unattached and `user`'s, or its own already.
    static func may(hold file: IssueAttachment, _ holder: TestAttachmentHolder?, _ user: User) -> Bool {
        guard file.isAttached else { return file.ownerUID == user.uid }
        guard let holder else { return false }
        return holds(holder, file)
    }

    static func holds(_ holder: TestAttachmentHolder, _ file: IssueAttachment) -> Bool {
        switch holder {
        case .testCase(let id): file.testCaseID == id
        case .report(let id): file.testReportID == id
        }
    }

    /// The files `holder` holds, each with a fresh download link's secret for `user`.
    package func files(of holder: TestAttachmentHolder, for user: User) async throws -> [(file: IssueAttachment, secret: String)] {
        var linked: [(file: IssueAttachment, secret: String)] = []
        for file in try await context.store.issueAttachments.attachments(of: holder) where file.size != nil {
            linked.append((file, try await link(file, for: user).secret))
        }
        return linked
    }

    /// A download link for an attached file, for `user`: its secret and when it expires.
    package func link(_ file: IssueAttachment, for user: User) async throws -> (secret: String, expiresAt: Int64) {
        let secret = TokenSecret.generate(), now = EpochMillis.now()
        try await context.store.issueAttachments.addLink(
            hash: TokenSecret.hash(secret), attachment: file, uid: user.uid, expiresAt: now + Self.linkLifetime, now: now)
        return (secret, now + Self.linkLifetime)
    }

    /// The file a download link names, for the member it was made for, while it is valid, the
    /// member still in the project and the file still attached: its path on disk, name and size.
    package func download(secret: String, by user: User) async throws -> (path: String, fileName: String, size: Int64) {
        let none = SlipwayError.notFound("no such download link")
        let store = context.store
        guard secret.utf8.count <= 128, let link = try await store.issueAttachments.link(hash: TokenSecret.hash(secret)), link.uid == user.uid
        else { throw none }
        guard link.expiresAt > EpochMillis.now() else { throw SlipwayError.failedPrecondition("the download link has expired") }
        try await PlanningAccess(store: store).require(user, projectKey: link.attachment.projectKey, write: false)
        guard link.attachment.isAttached, let size = link.attachment.size else { throw none }
        return (UploadStore(context).path(link.attachment.uploadKey), link.attachment.fileName, size)
    }
}
