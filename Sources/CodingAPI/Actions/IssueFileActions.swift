import SlipwayCore
import SlipwayServices

/// Issue attachments: their download URLs (§2.2 DescribeIssueFileUrl) and the upload of new ones
/// (§2.18 CreateAttachmentPrepareSignUrl).
struct IssueFileActions: Sendable {
    /// DescribeIssueFileUrl: a URL (`IssueFileRoutes`) that serves the file to the caller for ten minutes.
    @Sendable func describeIssueFileUrl(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let link = try await IssueService(call.services.context).fileLink(
            projectKey: try p.string("ProjectName"), fileID: try p.int("FileId"), by: call.user)
        return IssueFileUrlOutput(Url: call.baseURL + IssueFileRoutes.path(secret: link.secret))
    }

    /// CreateAttachmentPrepareSignUrl: an attachment id and the URL to `PUT` its file to within 30 seconds.
    @Sendable func createAttachmentPrepareSignUrl(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let prepared = try await AttachmentService(call.services.context).prepare(
            projectKey: try p.string("ProjectName"), fileName: try p.string("FileName"), by: call.user)
        let url = call.baseURL + UploadRoutes.path(prepared.key) + "?" + UploadHandler.signatureParameter + "=" + prepared.secret
        return AttachmentPrepareOutput(Data: .init(AttachmentPrepare: .init(AttachmentId: prepared.id, PrepareSignUrl: url)))
    }
}

struct IssueFileUrlOutput: ActionOutput {
    var Url: String
}

struct AttachmentPrepareOutput: ActionOutput {
    struct Prepared: Encodable, Sendable {
        var AttachmentId: Int64
        var PrepareSignUrl: String
    }

    struct Wrapper: Encodable, Sendable {
        var AttachmentPrepare: Prepared
    }

    var Data: Wrapper
}
