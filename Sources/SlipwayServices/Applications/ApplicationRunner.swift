import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayStore
import SlipwayTriggers

/// Runs Serverless Devs applications: each application is a Workflow (one stage, one
/// `serverless-pipeline` job) and each dispatch a Task of it. Used by the dispatch operations of
/// `ApplicationService` and by the Serverless Devs trigger target.
package struct ApplicationRunner: Sendable {
    package let context: ServiceContext
    /// Where task links point (`task_url` of the job spec); the dialect that shows tasks says.
    package let links: ApplicationLinks
    /// Project that holds applications of external repositories.
    package static let externalProject = "serverless-devs"

    package init(_ context: ServiceContext, links: ApplicationLinks) {
        self.context = context
        self.links = links
    }

    var store: Store { context.store }

    /// What a dispatch did.
    package enum Result: Sendable, Equatable {
        case started(ServerlessDispatch)
        /// The same (application, event, ref, commit) was dispatched before.
        case duplicate(ServerlessDispatch)
    }

    /// `"<appId>-<taskNumber>"`, an application's task id.
    package static func taskID(appID: Int64, taskNumber: Int) -> String { "\(appID)-\(taskNumber)" }

    package static func parseTaskID(_ text: String) -> (appID: Int64, taskNumber: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let app = Int64(parts[0]), let number = Int(parts[1]) else { return nil }
        return (app, number)
    }

    /// Where an application's commits are read from: its hosted depot, or the local mirror of
    /// its external repository, fetched when `refresh` is set or `commit` is not there yet.
    package func repository(of app: ServerlessApplication, refresh: Bool = false, commit: String? = nil) async throws -> GitRepository {
        guard app.depotID > 0 else {
            return try await GitMirrors(context.depots.git).mirror(
                of: app.repoURL, credential: Self.credential(app), refresh: refresh, commit: commit)
        }
        guard let depot = try await store.depots.get(id: app.depotID) else {
            throw SlipwayError.notFound("depot \(app.depotID) of application \(app.id) not found")
        }
        return try context.depots.repository(depot)
    }

    /// External repositories that need a login: the `GIT_TOKEN` secret (and `GIT_USERNAME`, default `git`).
    static func credential(_ app: ServerlessApplication) -> GitMirrors.Credential? {
        guard let token = app.secrets["GIT_TOKEN"], !token.isEmpty else { return nil }
        return GitMirrors.Credential(username: app.secrets["GIT_USERNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "git", password: token)
    }

    /// Run an application for a trigger payload (`ref`, `commit`, `event_name`, `message`,
    /// `pusher`, `template`, `inputs`). With a `dedupKey`, at most one task ever starts for it.
    package func dispatch(
        _ app: ServerlessApplication, payload: JSONValue, dedupKey: String?, deliveryID: Int64 = 0, creator: String
    ) async throws -> Result {
        guard let workflow = try await store.workflows.get(key: app.workflowKey) else {
            throw SlipwayError.notFound("workflow of application \(app.id) not found")
        }
        let ref = payload["ref"].string ?? ""
        let commit = payload["commit"].string ?? ""
        guard !commit.isEmpty else { throw SlipwayError.invalidInput("no commit to deploy") }
        let template = payload["template"].string.flatMap { $0.isEmpty ? nil : $0 } ?? TriggerRules.defaultTemplate
        // Read the pipeline file from the commit before reserving, so a broken file starts nothing.
        let pipeline = try await pipelineFile(app, commit: commit, template: template)
        let reservation = try await store.serverlessApps.reserve(
            ServerlessDispatch(
                appID: app.id, eventName: payload["event_name"].string ?? "push", ref: ref, commit: commit,
                message: payload["message"].string ?? "", payload: payload, dedupKey: dedupKey, deliveryID: deliveryID,
                createdBy: creator))
        guard reservation.created else { return .duplicate(reservation.dispatch) }
        var dispatch = reservation.dispatch
        let inputsText = String(
            decoding: (try? JSONEncoder().encode(payload["inputs"].isNull ? .object([:]) : payload["inputs"])) ?? Data("{}".utf8), as: UTF8.self)
        let pipelineText = String(decoding: (try? JSONEncoder().encode(pipeline)) ?? Data(), as: UTF8.self)
        let request = RunRequest(
            params: [
                "commit": commit, "ref": ref, "event_name": payload["event_name"].string ?? "push",
                "message": payload["message"].string ?? "", "pusher": payload["pusher"].string ?? creator,
                "template": template, "pipeline": pipelineText, "inputs": inputsText, "dispatch": String(dispatch.id),
                "branch": RefName(full: ref).branchName ?? "",
            ], creator: creator, setsLockedParams: true)
        do {
            let task = try await context.engine.submit(workflow, request)
            dispatch.taskNumber = task.taskID
            try await store.serverlessApps.setTaskNumber(dispatchID: dispatch.id, task.taskID)
            return .started(dispatch)
        } catch {
            try? await store.serverlessApps.release(dispatchID: dispatch.id)
            throw error
        }
    }

    /// The pipeline file at `commit`, parsed.
    package func pipelineFile(_ app: ServerlessApplication, commit: String, template: String) async throws -> JSONValue {
        let repository = try await repository(of: app, commit: commit)
        let blob: Blob
        do {
            blob = try await repository.blob(at: commit, path: template, maxBytes: PipelineFile.maxBytes)
        } catch SlipwayError.notFound {
            throw SlipwayError.notFound("pipeline file \(template) not found at commit \(commit.prefix(12))")
        }
        guard let content = blob.content, !blob.isBinary else {
            throw SlipwayError.invalidInput("pipeline file \(template) is binary or larger than \(PipelineFile.maxBytes) bytes")
        }
        let pipeline = try PipelineFile.parse(String(decoding: content, as: UTF8.self))
        return try await PluginResolver.embed(pipeline, plugins: store.plugins)
    }
}

/// Links a task of an application points to, given by the dialect that shows tasks (Serverless
/// Devs: `/api/flow/task/detail?taskId=`), so services never spell a dialect's URLs.
package struct ApplicationLinks: Sendable {
    /// The link of a task, from its task id (or an expression that becomes one).
    package let taskDetail: @Sendable (_ taskID: String) -> String

    package init(taskDetail: @escaping @Sendable (_ taskID: String) -> String) {
        self.taskDetail = taskDetail
    }
}
