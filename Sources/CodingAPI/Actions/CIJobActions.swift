import SlipwayCore
import SlipwayServices

/// CODING CI jobs (§2.15 `ci.job`): thin decoding over `CIService`.
struct CIJobActions: Sendable {
    func service(_ call: ActionCall) -> CIService { CIService(call.services.context) }

    /// The project key of `ProjectId`; a project that does not exist is not found.
    func projectKey(_ call: ActionCall) async throws -> String {
        let id = try call.parameters.int("ProjectId")
        guard let key = try await call.store.numericIDs.projectKey(id: id) else { throw SlipwayError.notFound("project \(id) not found") }
        return key
    }

    /// CreateCodingCIJob → `Data{Id}`.
    @Sendable func createCodingCIJob(_ call: ActionCall) async throws -> any ActionOutput {
        _ = try call.parameters.string("Name")
        let (job, secrets) = try CIJobInput.job(call.parameters, projectKey: try await projectKey(call))
        let created = try await service(call).createJob(job, secrets: secrets, by: call.user)
        return CIJobIdOutput(Data: .init(Id: created.id))
    }

    /// ModifyCodingCIJob: the whole configuration, by `Id` (`Name` kept when absent).
    @Sendable func modifyCodingCIJob(_ call: ActionCall) async throws -> any ActionOutput {
        let id = try call.parameters.int("Id")
        let key = try await projectKey(call)
        var (job, secrets) = try CIJobInput.job(call.parameters, projectKey: key, id: id)
        if job.name.isEmpty { job.name = try await service(call).job(id, by: call.user, write: true).job.name }
        try await service(call).modifyJob(job, secrets: secrets, by: call.user)
        return NoOutput()
    }

    /// DeleteCodingCIJob.
    @Sendable func deleteCodingCIJob(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).deleteJob(try call.parameters.int("JobId"), by: call.user)
        return NoOutput()
    }

    /// DescribeCodingCIJob → `Job`.
    @Sendable func describeCodingCIJob(_ call: ActionCall) async throws -> any ActionOutput {
        let (job, _) = try await service(call).job(try call.parameters.int("JobId"), by: call.user)
        return CIJobOutput(Job: try await dto(job, call))
    }

    /// DescribeCodingCIJobs → `JobList`, filtered by `Filter[{Name: "Name"|"GroupName", Value: [...]}]`.
    @Sendable func describeCodingCIJobs(_ call: ActionCall) async throws -> any ActionOutput {
        let key = try await projectKey(call)
        var jobs = try await service(call).jobs(projectKey: key, by: call.user)
        for filter in try CIJobInput.objects(call.parameters, "Filter") {
            let values = try CIJobInput.strings(filter, "Value")
            switch try filter.string("Name") {
            case "Name": jobs = jobs.filter { values.contains($0.name) }
            case "GroupName": jobs = jobs.filter { _ in values.contains("") }  // jobs have no group here
            case let other: throw CodingError.invalidValue("Filter.Name", "supports only Name and GroupName (got \(other.prefix(40)))")
            }
        }
        var out: [CIJobDTO] = []
        for job in jobs { out.append(try await dto(job, call)) }
        return CIJobListOutput(JobList: out)
    }

    /// ClearCodingCIJobCache.
    @Sendable func clearCodingCIJobCache(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).clearCache(try call.parameters.int("Id"), by: call.user)
        return NoOutput()
    }

    func dto(_ job: CIJob, _ call: ActionCall) async throws -> CIJobDTO {
        let depot = job.depotID > 0 ? try await call.store.depots.get(id: job.depotID) : nil
        let creator = try await call.store.numericIDs.userIDs(uids: [job.creatorUID])[job.creatorUID] ?? 0
        let url = depot.map(call.httpsURL) ?? ""
        return CIJobDTO(
            Id: job.id, ProjectId: try await call.projectID(job.projectKey), ProjectName: job.projectKey, DepotId: job.depotID,
            DepotName: depot?.name ?? "", DepotWebUrl: url, DepotSshUrl: "", DepotHttpsUrl: url, DepotType: job.depotType, Name: job.name,
            ExecuteIn: job.executeIn, ExecutedAgentPoolId: job.executedAgentPoolID, TriggerMethodList: job.triggerMethods,
            HookType: job.hookType, BranchSelector: job.branchSelector, BranchRegex: job.branchRegex,
            JenkinsFileFromType: job.jenkinsFileFromType, JenkinsFilePath: job.jenkinsFilePath,
            JenkinsFileStaticContent: job.jenkinsFileStaticContent, AutoCancelSameRevision: job.autoCancelSameRevision,
            AutoCancelSameMergeRequest: job.autoCancelSameMergeRequest, TriggerRemind: job.triggerRemind,
            CachePathList: job.cachePaths.map { CachePathDTO(AbsolutePath: $0.path, Enabled: $0.enabled) },
            CacheSize: CIService(call.services.context).cacheSize(jobID: job.id), EnvList: job.env.map(CIEnvDTO.init),
            ScheduleList: job.schedules.map(CIScheduleDTO.init), AlwaysUserIdList: job.alwaysUserIDs,
            BuildFailUserIdList: job.buildFailUserIDs, JobFromType: job.jobFromType, CreatorId: creator, CreatedAt: job.createdAt,
            UpdatedAt: job.updatedAt)
    }
}
