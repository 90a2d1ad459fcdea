import SlipwayCore
import SlipwayServices
import SlipwayStore

/// The wiki's ZIP flow: CreateUploadToken → upload (`PUT` the file to `UploadLink`) →
/// CreateWikiByZip / ModifyWikiByZip → poll DescribeImportJobStatus / DescribeUpdateJobStatus.
struct WikiZipActions: Sendable {
    func service(_ call: ActionCall) -> WikiService { WikiService(call.services.context) }

    @Sendable func createUploadToken(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (upload, secret) = try await service(call).uploadTicket(
            projectKey: try p.string("ProjectName"), fileName: try p.string("FileName"), by: call.user)
        return UploadTokenOutput(
            Token: UploadTokenDTO(
                AuthToken: secret, SecretId: upload.key, Time: upload.expiresAt, UpToken: upload.key,
                UploadLink: call.baseURL + UploadRoutes.path(upload.key)))
    }

    @Sendable func createWikiByZip(_ call: ActionCall) async throws -> any ActionOutput {
        try await start(.import, call, target: try call.parameters.optionalInt("ParentIid") ?? 0)
    }

    @Sendable func modifyWikiByZip(_ call: ActionCall) async throws -> any ActionOutput {
        try await start(.update, call, target: try call.parameters.int("Iid"))
    }

    func start(_ kind: WikiJob.Kind, _ call: ActionCall, target: Int64) async throws -> any ActionOutput {
        let p = call.parameters
        let upload = WikiService.ZipUpload(
            key: try p.string("Key"), secret: try p.string("AuthToken"), time: try p.int("Time"), fileName: try p.string("FileName"))
        let job = try await service(call).startZipJob(kind, projectKey: try p.string("ProjectName"), upload: upload, target: target, by: call.user)
        return WikiJobIDOutput(JobId: job.id)
    }

    @Sendable func describeImportJobStatus(_ call: ActionCall) async throws -> any ActionOutput {
        try await status(.import, call)
    }

    @Sendable func describeUpdateJobStatus(_ call: ActionCall) async throws -> any ActionOutput {
        try await status(.update, call)
    }

    func status(_ kind: WikiJob.Kind, _ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let job = try await service(call).job(projectKey: try p.string("ProjectName"), id: try p.string("JobId"), kind: kind, by: call.user)
        return WikiJobStatusOutput(Data: .init(JobId: job.id, Status: job.status.rawValue))
    }
}
