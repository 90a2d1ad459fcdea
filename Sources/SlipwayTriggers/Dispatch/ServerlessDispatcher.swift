import Foundation
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayStore

/// Turns an application + a trigger into an engine task: the application runs as a Workflow
/// (one stage, one `serverless-pipeline` job); each dispatch is a Task of it.
public struct ServerlessDispatcher: Sendable {
    public let store: Store
    public let engine: Engine
    public let git: GitRepositories
    /// First segment of hosted repository paths (`slipway/<project>/<depot>`).
    public let teamName: String
    /// Where task links point (`task.url`).
    public let baseURL: String
    /// Project that holds applications of external repositories.
    public static let externalProject = "serverless-devs"

    public init(store: Store, engine: Engine, git: GitRepositories, teamName: String = "slipway", baseURL: String = "") {
        self.store = store
        self.engine = engine
        self.git = git
        self.teamName = teamName
        self.baseURL = baseURL
    }

    /// What a dispatch did.
    public enum Result: Sendable, Equatable {
        case started(ServerlessDispatch)
        /// The same (application, event, ref, commit) was dispatched before.
        case duplicate(ServerlessDispatch)
    }

    /// `"<appId>-<taskNumber>"`, the SDevs task id.
    public static func taskID(appID: Int64, taskNumber: Int) -> String { "\(appID)-\(taskNumber)" }

    public static func parseTaskID(_ text: String) -> (appID: Int64, taskNumber: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let app = Int64(parts[0]), let number = Int(parts[1]) else { return nil }
        return (app, number)
    }

    /// Where an application's commits are read from: its hosted depot, or the local mirror of
    /// its external repository, fetched when `refresh` is set or `commit` is not there yet.
    public func repository(of app: ServerlessApplication, refresh: Bool = false, commit: String? = nil) async throws -> GitRepository {
        guard app.depotID > 0 else {
            return try await GitMirrors(git).mirror(of: app.repoURL, credential: Self.credential(app), refresh: refresh, commit: commit)
        }
        guard let depot = try await store.depots.get(id: app.depotID) else {
            throw SlipwayError.notFound("depot \(app.depotID) of application \(app.id) not found")
        }
        return try git.repository(try RepositoryPath("\(teamName)/\(depot.projectKey)/\(depot.name)"))
    }

    /// External repositories that need a login: the `GIT_TOKEN` secret (and `GIT_USERNAME`, default `git`).
    static func credential(_ app: ServerlessApplication) -> GitMirrors.Credential? {
        guard let token = app.secrets["GIT_TOKEN"], !token.isEmpty else { return nil }
        return GitMirrors.Credential(username: app.secrets["GIT_USERNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "git", password: token)
    }

    /// Create (or refresh) the workflow an application runs as, in `projectKey` (a hosted
    /// repository's depot project; otherwise the project given, the workflow's current one, or
    /// the shared `serverless-devs` project). The project must exist: creating it, and checking
    /// who may deploy into it, is the caller's business.
    @discardableResult
    public func ensureWorkflow(_ app: ServerlessApplication, creator: User, projectKey given: String? = nil) async throws -> Workflow {
        let existing = try await store.workflows.get(key: app.workflowKey)
        var projectKey = given ?? existing?.projectKey ?? Self.externalProject
        var repoURL = GitMirrors(git).directory(for: app.repoURL)
        if app.depotID > 0, let depot = try await store.depots.get(id: app.depotID) {
            projectKey = depot.projectKey
            repoURL = git.directory(for: try RepositoryPath("\(teamName)/\(depot.projectKey)/\(depot.name)"))
        }
        let names = ["commit", "ref", "event_name", "message", "pusher", "template", "pipeline", "inputs", "dispatch"]
        var params = names.map { WorkflowParam(name: $0) }
        var secretRefs: [String: JSONValue] = [:]
        for (name, value) in app.secrets.sorted(by: { $0.key < $1.key }) {
            params.append(WorkflowParam(name: "secrets.\(name)", defaultValue: value, isCredential: true))
            secretRefs[name] = .string("{{.workflow.params.secrets.\(name)}}")
        }
        func p(_ name: String) -> JSONValue { .string("{{.workflow.params.\(name)}}") }
        let spec: JSONValue = .object([
            "repo_url": .string(repoURL), "commit": p("commit"), "ref": p("ref"), "template": p("template"),
            "pipeline": p("pipeline"), "inputs": p("inputs"), "secrets": .object(secretRefs),
            "git": .object(["branch": .string("{{.workflow.params.branch}}"), "commit": p("commit"), "ref": p("ref"),
                            "event_name": p("event_name"), "pusher_name": p("pusher"), "message": p("message")]),
            "task_id": .string("\(app.id)-{{.workflow.task.id}}"),
            "task_url": .string("\(baseURL)/api/flow/task/detail?taskId=\(app.id)-{{.workflow.task.id}}"),
        ])
        params.append(WorkflowParam(name: "branch"))
        for index in params.indices { params[index].locked = true }  // set only by dispatch, never by a caller
        let workflow = Workflow(
            key: app.workflowKey, displayName: "\(app.owner)/\(app.repo)", projectKey: projectKey,
            description: app.description, params: params,
            stages: [StageDefinition(name: "deploy", parallel: false, jobs: [
                JobDefinition(name: "pipeline", type: .serverlessPipeline, spec: spec),
            ])],
            createdBy: creator.account)
        if existing != nil {
            try await store.workflows.update(workflow)
        } else {
            try await store.workflows.create(workflow)
        }
        return workflow
    }

    /// Run an application for a trigger payload (`ref`, `commit`, `event_name`, `message`,
    /// `pusher`, `template`, `inputs`). With a `dedupKey`, at most one task ever starts for it.
    public func dispatch(
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
        let reservation = try await store.serverlessApps.reserve(ServerlessDispatch(
            appID: app.id, eventName: payload["event_name"].string ?? "push", ref: ref, commit: commit,
            message: payload["message"].string ?? "", payload: payload, dedupKey: dedupKey, deliveryID: deliveryID,
            createdBy: creator))
        guard reservation.created else { return .duplicate(reservation.dispatch) }
        var dispatch = reservation.dispatch
        let inputsText = String(decoding: (try? JSONEncoder().encode(payload["inputs"].isNull ? .object([:]) : payload["inputs"])) ?? Data("{}".utf8), as: UTF8.self)
        let pipelineText = String(decoding: (try? JSONEncoder().encode(pipeline)) ?? Data(), as: UTF8.self)
        let branch = ref.hasPrefix("refs/heads/") ? String(ref.dropFirst(11)) : ""
        let request = RunRequest(params: [
            "commit": commit, "ref": ref, "event_name": payload["event_name"].string ?? "push",
            "message": payload["message"].string ?? "", "pusher": payload["pusher"].string ?? creator,
            "template": template, "pipeline": pipelineText, "inputs": inputsText, "dispatch": String(dispatch.id),
            "branch": branch,
        ], creator: creator, setsLockedParams: true)
        do {
            let task = try await engine.submit(workflow, request)
            dispatch.taskNumber = task.taskID
            try await store.serverlessApps.setTaskNumber(dispatchID: dispatch.id, task.taskID)
            return .started(dispatch)
        } catch {
            try? await store.serverlessApps.release(dispatchID: dispatch.id)
            throw error
        }
    }

    /// The pipeline file at `commit`, parsed.
    public func pipelineFile(_ app: ServerlessApplication, commit: String, template: String) async throws -> JSONValue {
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
