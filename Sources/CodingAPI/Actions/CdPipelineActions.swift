import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING CD pipeline configs (§2.16 `cd.pipeline`, the config half) over `CdPipelineService`.
struct CdPipelineActions: Sendable {
    func service(_ call: ActionCall) -> CdPipelineService { CdPipelineService(call.services.context) }

    @Sendable func createCdPipeline(_ call: ActionCall) async throws -> any ActionOutput {
        let execution = try await service(call).save(json: try call.parameters.string("PipelineJsonContent"), configID: nil, by: call.user)
        return CdTaskCreatedOutput(Data: .init(TaskExecutionId: execution.id, TaskExecutionRef: "/tasks/\(execution.id)"))
    }

    @Sendable func modifyCdPipeline(_ call: ActionCall) async throws -> any ActionOutput {
        let execution = try await service(call).save(
            json: try call.parameters.string("PipelineJsonContent"), configID: try call.parameters.string("PipelineConfigId"), by: call.user)
        return CdTaskCreatedOutput(Data: .init(TaskExecutionId: execution.id, TaskExecutionRef: "/tasks/\(execution.id)"))
    }

    @Sendable func deleteCdPipeline(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).delete(try call.parameters.string("Application"), name: try call.parameters.string("PipelineName"), by: call.user)
        return NoOutput()
    }

    @Sendable func describeCdPipelineConfigs(_ call: ActionCall) async throws -> any ActionOutput {
        let configs = try await service(call).configs(try call.parameters.string("Application"), by: call.user)
        return CdPipelineConfigsOutput(Data: .init(PipelineConfigs: try configs.map(Self.dto)))
    }

    @Sendable func describeCdPipelineConfig(_ call: ActionCall) async throws -> any ActionOutput {
        let config = try await service(call).config(
            try call.parameters.string("Application"), name: try call.parameters.string("PipelineName"), by: call.user)
        return CdPipelineConfigOutput(Data: .init(PipelineConfig: try Self.dto(config)))
    }

    /// `PipelineIdsIndices[{PipelineId, Index}]` (also the vendor table's `PipelineIdIndex`).
    @Sendable func reorderCdPipelines(_ call: ActionCall) async throws -> any ActionOutput {
        let name = call.parameters.value("PipelineIdsIndices") != nil ? "PipelineIdsIndices" : "PipelineIdIndex"
        let indexes = try call.parameters.array(name).map { entry -> (id: String, index: Int) in
            guard case .object(let fields) = entry, let id = fields["PipelineId"]?.string, let index = fields["Index"]?.int else {
                throw CodingError.invalidParameter(name, "must be an array of {PipelineId, Index}")
            }
            return (id, index)
        }
        let execution = try await service(call).reorder(try call.parameters.string("Application"), indexes: indexes, by: call.user)
        return CdTaskExecutionOutput(
            Data: .init(TaskExecutionJsonContent: try CdApplicationActions.text(execution.document), TaskExecutionStatus: execution.status))
    }

    static func dto(_ config: CdPipelineConfig) throws -> CdPipelineConfigDTO {
        CdPipelineConfigDTO(Id: config.id, JsonContent: try CdApplicationActions.text(config.document), Name: config.name)
    }
}
