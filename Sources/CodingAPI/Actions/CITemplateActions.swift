import SlipwayCore
import SlipwayServices

/// CODING CI jobs made from a team build template (`ci.job`).
struct CITemplateActions: Sendable {
    /// CreateCodingCIJobByTeamTemplate `{ProjectId, DepotId, DepotType, JobName, TemplateId}` → `Data{Id}`.
    @Sendable func createCodingCIJobByTeamTemplate(_ call: ActionCall) async throws -> any ActionOutput {
        let key = try await CIJobActions().projectKey(call)
        let name = try call.parameters.string("JobName")
        let depotType = try call.parameters.string("DepotType")
        let depotID = try call.parameters.int("DepotId")
        let templateID = try call.parameters.int("TemplateId")
        let job = try await CIService(call.services.context).createJob(
            fromTemplate: templateID, projectKey: key, depotID: depotID, depotType: depotType, name: name, by: call.user)
        return CIJobIdOutput(Data: .init(Id: job.id))
    }
}
