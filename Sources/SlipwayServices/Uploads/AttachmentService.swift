import SlipwayCore
import SlipwayStore

/// Attachments (CODING's `CreateAttachmentPrepareSignUrl`): an id reserved for a file a member
/// who may change the project's issues uploads within 30 seconds through a pre-signed URL
/// (`UploadStore`, purpose `attachment`); issues then attach it by id (`FileIds`).
package struct AttachmentService: Sendable {
    package let context: ServiceContext
    package static let purpose = "attachment"
    /// How long the upload URL stays valid.
    package static let lifetime: EpochMillis = 30 * 1000

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// Reserve an attachment id for `fileName` in a project: the id, the upload's key and its secret (shown once).
    package func prepare(projectKey: String, fileName: String, by user: User) async throws -> (id: Int64, key: String, secret: String) {
        try await PlanningAccess(store: context.store).require(user, projectKey: projectKey, write: true)
        var uploads = UploadStore(context)
        uploads.lifetime = Self.lifetime
        let (upload, secret) = try await uploads.issue(purpose: Self.purpose, projectKey: projectKey, fileName: fileName, by: user)
        let id = try await context.store.issueAttachments.create(projectKey: projectKey, uploadKey: upload.key, at: upload.createdAt)
        return (id, upload.key, secret)
    }
}
