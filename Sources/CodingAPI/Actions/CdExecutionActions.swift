import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING CD pipeline executions (§2.16 `cd.pipeline`, the run half) and host instances over
/// `CdExecutionService`.
struct CdExecutionActions: Sendable {
    func service(_ call: ActionCall) -> CdExecutionService { CdExecutionService(call.services.context) }

    @Sendable func triggerCdPipeline(_ call: ActionCall) async throws -> any ActionOutput {
        let execution = try await service(call).trigger(
            application: try call.parameters.string("Application"), pipeline: try call.parameters.string("PipelineNameOrId"),
            triggerJSON: try call.parameters.optionalString("TriggerJsonContent") ?? "", by: call.user)
        return CdPipelineTriggeredOutput(Data: .init(PipelineExecutionId: execution.id, PipelineExecutionRef: "/pipelines/\(execution.id)"))
    }

    @Sendable func describeCdPipeline(_ call: ActionCall) async throws -> any ActionOutput {
        let executions = service(call)
        let (execution, task, config) = try await executions.execution(try call.parameters.string("PipelineExecutionId"), by: call.user)
        let document = CdExecutionDocument.build(
            execution, task: task, config: config, logs: executions.stageLogs(execution, task: task, config: config))
        return CdPipelineExecutionOutput(
            Data: .init(
                Application: execution.application, PipelineConfigId: execution.configID,
                PipelineExecutionJsonContent: try CdApplicationActions.text(document), PipelineExecutionStatus: document["status"].string ?? "",
                PipelineName: execution.name))
    }

    @Sendable func describeExecutionsByConfigId(_ call: ActionCall) async throws -> any ActionOutput {
        let limit = Int(try call.parameters.optionalInt("Limit") ?? 20)
        guard (1...100).contains(limit) else { throw CodingError.invalidParameter("Limit", "must be 1 to 100") }
        let service = service(call)
        let executions = try await service.executions(configID: try call.parameters.string("ConfigId"), limit: limit, by: call.user)
        // Each stage as DescribeCdPipeline shows it: its failure reason and the end of its log.
        return CdExecutionsOutput(
            Data: .init(
                Executions: try executions.map { execution, task, config in
                    try CdExecutionDTO(
                        CdExecutionDocument.build(execution, task: task, config: config, logs: service.stageLogs(execution, task: task, config: config)))
                }))
    }

    @Sendable func cancelCdPipeline(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).cancel(
            try call.parameters.string("PipelineExecutionId"), reason: try call.parameters.optionalString("Reason") ?? "", by: call.user)
        return NoOutput()
    }

    @Sendable func describeHostServerInstance(_ call: ActionCall) async throws -> any ActionOutput {
        let instances = try await service(call).hostInstances(
            account: try call.parameters.string("Account"), serverGroupName: try call.parameters.string("ServerGroupName"), by: call.user)
        return CdHostInstancesOutput(
            Data: instances.map {
                CdHostInstanceDTO(
                    Account: $0.account, CloudProvider: "hostserver", DeployedTime: $0.deployedAt, HumanReadableName: $0.ip, Ip: $0.ip,
                    Name: "\($0.serverGroupName):\($0.ip)", ProviderType: "hostserver", Region: $0.region, Status: $0.status, Zone: $0.region)
            })
    }
}
