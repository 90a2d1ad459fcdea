import Foundation
import Hummingbird
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import SlipwayTriggers

/// `/api/flow/application/*`, `/api/flow/dispatch/*`, `/api/flow/task/detail`.
/// Decodes the wire, calls `ApplicationService`, encodes the answer in the dialect's envelope.
struct ApplicationController: Sendable {
    let store: Store
    let service: ApplicationService

    /// `GET /api/flow/application/list`: the caller's applications (all of them for an administrator).
    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> [ApplicationDTO] {
        let identity = try SDevs.identity(context)
        let apps = try await store.serverlessApps.list(userID: identity.user.isAdmin ? nil : identity.user.uid)
        var out: [ApplicationDTO] = []
        for app in apps { out.append(try await dto(app)) }
        return out
    }

    /// `GET /api/flow/application/detail?id=`.
    @Sendable func detail(_ request: Request, _ context: AppRequestContext) async throws -> ApplicationDTO {
        let identity = try SDevs.identity(context)
        guard let id = SDevs.query(request, "id") else { throw SlipwayError.invalidInput("id is required") }
        return try await dto(try await service.owned(id, by: identity.user))
    }

    /// `POST /api/flow/application/create`. Every missing or invalid field is reported at once;
    /// who may create what is `ApplicationService.create`'s business.
    @Sendable func create(_ request: Request, _ context: AppRequestContext) async throws -> ApplicationIDDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        let fields = try ApplicationFields(body)
        let app = try await service.create(
            ServerlessApplication(
                owner: fields.owner, repo: fields.repo, repoURL: fields.repoURL, provider: fields.provider,
                providerRepoID: fields.providerRepoID, description: body["description"].string ?? "", triggerSpec: fields.triggerSpec,
                secrets: fields.secrets, userID: identity.user.uid), by: identity.user)
        return ApplicationIDDTO(id: String(app.id))
    }

    /// `POST /api/flow/dispatch/manual` {appId, ref, commitId?, inputs?}.
    @Sendable func manual(_ request: Request, _ context: AppRequestContext) async throws -> StartedDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let appID = body["appId"].string, !appID.isEmpty else { throw SlipwayError.invalidInput("appId is required") }
        guard let ref = body["ref"].string, !ref.isEmpty else { throw SlipwayError.invalidInput("ref is required") }
        let dispatch = try await service.manual(
            appID: appID, ref: ref, commitID: body["commitId"].string, inputs: body["inputs"], by: identity.user)
        return StartedDTO(dispatch)
    }

    /// `POST /api/flow/dispatch/redeploy` {taskId}: replay the stored trigger payload of that task.
    @Sendable func redeploy(_ request: Request, _ context: AppRequestContext) async throws -> StartedDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        return StartedDTO(try await service.redeploy(taskID: body["taskId"].string, by: identity.user))
    }

    /// `POST /api/flow/dispatch/cancel` {taskId}.
    @Sendable func cancel(_ request: Request, _ context: AppRequestContext) async throws -> TaskIDDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        let dispatch = try await service.cancel(taskID: body["taskId"].string, by: identity.user)
        return TaskIDDTO(taskId: ApplicationRunner.taskID(appID: dispatch.appID, taskNumber: dispatch.taskNumber))
    }

    /// `GET /api/flow/task/detail?taskId=`: status and step results of one task.
    @Sendable func taskDetail(_ request: Request, _ context: AppRequestContext) async throws -> TaskDetailDTO {
        let identity = try SDevs.identity(context)
        let (app, dispatch) = try await service.task(SDevs.query(request, "taskId"), identity.user)
        guard let task = try await store.tasks.get(workflowKey: app.workflowKey, taskID: dispatch.taskNumber) else {
            throw SlipwayError.notFound("task not found")
        }
        let job = task.stages.first?.jobs.first
        let steps = job?.outputs[ServerlessPipelinePlan.stepsOutput].flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) } ?? .array([])
        return TaskDetailDTO(
            summary: TaskSummaryDTO(dispatch, status: task.status), appId: String(app.id), triggerPayload: dispatch.payload,
            steps: steps, error: task.error.isEmpty ? (job?.error ?? "") : task.error)
    }

    /// The application as the seed shows it; secret values never leave the server. Its latest
    /// task is read from the task's list columns, never its run state.
    func dto(_ app: ServerlessApplication) async throws -> ApplicationDTO {
        var latest: TaskSummaryDTO?
        if let dispatch = try await store.serverlessApps.latestDispatch(appID: app.id) {
            let summary = try await store.tasks.summary(workflowKey: app.workflowKey, taskID: dispatch.taskNumber)
            latest = TaskSummaryDTO(dispatch, status: summary?.status)
        }
        return ApplicationDTO(app, latestTask: latest)
    }
}
