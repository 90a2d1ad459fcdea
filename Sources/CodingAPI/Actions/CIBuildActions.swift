import SlipwayCore
import SlipwayServices

/// CODING CI builds (§2.15 `ci.build`): thin decoding over `CIService`.
struct CIBuildActions: Sendable {
    func service(_ call: ActionCall) -> CIService { CIService(call.services.context) }

    /// The build named by `BuildId`.
    func build(_ call: ActionCall, write: Bool = false) async throws -> CIBuildState {
        try await service(call).build(try call.parameters.int("BuildId"), by: call.user, write: write)
    }

    /// TriggerCodingCIBuild → `Data{Build}` (QUEUED).
    @Sendable func triggerCodingCIBuild(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let state = try await service(call).trigger(
            jobID: try p.int("JobId"), revision: try p.optionalString("Revision"), params: try CIJobInput.variables(p, "ParamList"),
            by: call.user)
        return CITriggerOutput(Data: .init(Build: Self.dto(state)))
    }

    /// DescribeCodingCIBuild → `Build`.
    @Sendable func describeCodingCIBuild(_ call: ActionCall) async throws -> any ActionOutput {
        CIBuildOutput(Build: Self.dto(try await build(call)))
    }

    /// DescribeCodingCIBuilds → `Data{BuildList, PageNumber, PageSize, TotalCount}`, newest first.
    @Sendable func describeCodingCIBuilds(_ call: ActionCall) async throws -> any ActionOutput {
        let page = try call.parameters.page(defaultSize: 10, maxSize: 100)
        let (builds, total) = try await service(call).builds(
            jobID: try call.parameters.int("JobId"), page: page.number, pageSize: page.size, by: call.user)
        return CIBuildListOutput(Data: .init(BuildList: builds.map(Self.dto), PageNumber: page.number, PageSize: page.size, TotalCount: total))
    }

    /// StopCodingCIBuild.
    @Sendable func stopCodingCIBuild(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).stop(try call.parameters.int("BuildId"), by: call.user)
        return NoOutput()
    }

    /// DeleteCodingCIBuild.
    @Sendable func deleteCodingCIBuild(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).deleteBuild(try call.parameters.int("BuildId"), by: call.user)
        return NoOutput()
    }

    /// DescribeCodingCIBuildEnvs → `EnvList` of `Type` SYSTEM, Param or Env.
    @Sendable func describeCodingCIBuildEnvs(_ call: ActionCall) async throws -> any ActionOutput {
        let type = try call.parameters.string("Type")
        guard ["SYSTEM", "PARAM", "ENV"].contains(type.uppercased()) else { throw CodingError.invalidValue("Type", "must be SYSTEM, Param or Env") }
        let state = try await build(call)
        return CIEnvListOutput(EnvList: try await service(call).variables(state.build, job: state.job, type: type).map(CIEnvDTO.init))
    }

    /// DescribeCodingCIBuildStage → `Data{StageJsonString}` (Blue Ocean nodes).
    @Sendable func describeCodingCIBuildStage(_ call: ActionCall) async throws -> any ActionOutput {
        let state = try await build(call)
        return CIStageOutput(Data: .init(StageJsonString: BlueOceanJSON.stages(state.record ?? JenkinsRunRecord())))
    }

    /// DescribeCodingCIBuildStep → `Data{StepJsonString}` (Blue Ocean steps of `StageId`).
    @Sendable func describeCodingCIBuildStep(_ call: ActionCall) async throws -> any ActionOutput {
        let stageID = try call.parameters.int("StageId")
        let state = try await build(call)
        guard let record = state.record, record.stages.contains(where: { $0.id == stageID }) else {
            throw SlipwayError.notFound("stage \(stageID) not found in build \(state.build.id)")
        }
        return CIStepOutput(Data: .init(StepJsonString: BlueOceanJSON.steps(record, stageID: Int(stageID))))
    }

    /// The build as CODING shows it.
    static func dto(_ state: CIBuildState) -> CIBuildDTO {
        return CIBuildDTO(
            Id: state.build.id, JobId: state.build.jobID, CodingCIId: state.build.codingCIID, Number: state.build.number,
            Branch: state.build.branch, CommitId: state.build.commit, Cause: state.build.cause, Status: state.status,
            StatusNode: state.record?.runningStage ?? "", FailedMessage: state.failedMessage, JenkinsFileContent: state.build.jenkinsfile,
            Duration: state.duration, CreatedAt: state.build.createdAt, StartedAt: state.task.map { $0.startedAt > 0 ? $0.startedAt : -1 } ?? -1,
            NodeObtainedAt: state.record == nil || state.status == "QUEUED" ? -1 : (state.task?.startedAt ?? -1), TestResult: TestResultDTO(state.tests),
            EnvList: state.build.params.map(CIEnvDTO.init))
    }
}
