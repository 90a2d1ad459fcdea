import Foundation
import SlipwayCore
import SlipwayServices

/// CODING CD applications and tasks (§2.16 `cd.application`, `cd.task`) over `CdApplicationService`.
struct CdApplicationActions: Sendable {
    func service(_ call: ActionCall) -> CdApplicationService { CdApplicationService(call.services.context) }

    @Sendable func createCdTask(_ call: ActionCall) async throws -> any ActionOutput {
        let execution = try await service(call).runTask(json: try call.parameters.string("TaskJsonContent"), by: call.user)
        return CdTaskCreatedOutput(Data: .init(TaskExecutionId: execution.id, TaskExecutionRef: "/tasks/\(execution.id)"))
    }

    @Sendable func describeCdTask(_ call: ActionCall) async throws -> any ActionOutput {
        let execution = try await service(call).execution(try call.parameters.string("TaskExecutionId"), by: call.user)
        return CdTaskOutput(
            Data: .init(
                Application: execution.application, TaskExecutionJsonContent: try Self.text(execution.document),
                TaskExecutionStatus: execution.status))
    }

    @Sendable func bindCdApplicationToProject(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).bind(
            try call.parameters.string("Application"), projectKey: try call.parameters.string("ProjectName"), by: call.user)
        return NoOutput()
    }

    @Sendable func describeCdApplications(_ call: ActionCall) async throws -> any ActionOutput {
        CdApplicationsOutput(try await service(call).applications(by: call.user))
    }

    @Sendable func describeCdApplicationsByProject(_ call: ActionCall) async throws -> any ActionOutput {
        CdApplicationsOutput(try await service(call).applications(projectKey: try call.parameters.string("ProjectName"), by: call.user))
    }

    @Sendable func describeCdApplication(_ call: ActionCall) async throws -> any ActionOutput {
        let application = try await service(call).application(try call.parameters.string("Application"), by: call.user)
        return CdApplicationOutput(Data: .init(ApplicationJsonContent: try Self.text(application.document)))
    }

    /// A document as the JSON string CODING's `…JsonContent` fields carry (keys sorted).
    static func text(_ document: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
