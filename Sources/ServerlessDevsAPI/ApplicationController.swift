import Foundation
import Hummingbird
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayStore
import SlipwayTriggers

/// `/api/flow/application/*`, `/api/flow/dispatch/*`, `/api/flow/task/detail`.
struct ApplicationController: Sendable {
    let store: Store
    let dispatcher: ServerlessDispatcher
    static let mask = "******"

    /// `GET /api/flow/application/list`: the caller's applications (all of them for an administrator).
    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let apps = try await store.serverlessApps.list(userID: identity.user.isAdmin ? nil : identity.user.uid)
        var out: [JSONValue] = []
        for app in apps { out.append(try await dto(app)) }
        return .array(out)
    }

    /// `GET /api/flow/application/detail?id=`.
    @Sendable func detail(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        guard let id = SDevs.query(request, "id") else { throw SlipwayError.invalidInput("id is required") }
        return try await dto(try await owned(id, identity))
    }

    /// `POST /api/flow/application/create`. Every missing or invalid field is reported at once.
    /// Creating needs developer access to the project the application belongs to: the depot's
    /// project for a repository hosted here; for an external repository the shared
    /// `serverless-devs` project, whose members an administrator adds (its mirrors are checked out
    /// for that project's tasks only). Nobody gains a role by creating one.
    @Sendable func create(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        let fields = try ApplicationFields(body)
        var depotID: Int64 = 0
        let projectKey: String
        if fields.isHosted {
            var depot = try await store.depots.get(projectKey: fields.owner, name: fields.repo)
            if depot == nil, let id = Int64(fields.providerRepoID) { depot = try await store.depots.get(id: id) }
            guard let depot else { throw SlipwayError.notFound("repository \(fields.owner)/\(fields.repo) is not hosted here") }
            depotID = depot.id
            projectKey = depot.projectKey
        } else {
            try GitMirrors.validate(url: fields.repoURL)
            projectKey = ServerlessDispatcher.externalProject
            if try await store.projects.get(key: projectKey) == nil {
                guard identity.user.isAdmin else {
                    throw SlipwayError.forbidden(
                        "applications of external repositories belong to project \(projectKey): an administrator creates it and adds you")
                }
                try await createSharedProject(admin: identity.user)
            }
        }
        try await requireDeveloper(identity, projectKey: projectKey, what: "deploying \(fields.owner)/\(fields.repo)")
        let app = try await store.serverlessApps.create(ServerlessApplication(
            owner: fields.owner, repo: fields.repo, repoURL: fields.repoURL, provider: fields.provider,
            providerRepoID: fields.providerRepoID, description: body["description"].string ?? "", triggerSpec: fields.triggerSpec,
            secrets: fields.secrets, userID: identity.user.uid, depotID: depotID))
        do {
            try await dispatcher.ensureWorkflow(app, creator: identity.user, projectKey: projectKey)
        } catch {
            try? await store.serverlessApps.delete(id: app.id)
            throw error
        }
        return .object(["id": .string(String(app.id))])
    }

    /// `POST /api/flow/dispatch/manual` {appId, ref, commitId?, inputs?}.
    @Sendable func manual(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let appID = body["appId"].string, !appID.isEmpty else { throw SlipwayError.invalidInput("appId is required") }
        guard let ref = body["ref"].string, !ref.isEmpty else { throw SlipwayError.invalidInput("ref is required") }
        let app = try await deployable(appID, identity)
        let pinned = body["commitId"].string ?? ""
        let repository = try await dispatcher.repository(of: app, refresh: pinned.isEmpty, commit: pinned.isEmpty ? nil : pinned)
        let fullRef = try await Self.qualify(ref, in: repository)
        let commit: String
        do {
            commit = try await repository.resolveCommit(pinned.isEmpty ? fullRef : pinned)
        } catch SlipwayError.notFound {
            throw SlipwayError.notFound("ref \(pinned.isEmpty ? ref : pinned) not found in \(app.owner)/\(app.repo)")
        }
        let message = (try? await repository.commit(commit))?.message ?? ""
        let payload: JSONValue = .object([
            "provider": .string(app.provider), "event_name": .string("manual_dispatch"), "ref": .string(fullRef),
            "commit": .string(commit), "message": .string(message), "pusher": .string(identity.user.account),
            "template": .string(Self.manualTemplate(app)), "inputs": body["inputs"].isNull ? .object([:]) : body["inputs"],
        ])
        return try await started(app, payload: payload, creator: identity.user.account)
    }

    /// A short ref (`main`, `v1.0`) as the full ref name a push would carry; others unchanged.
    static func qualify(_ ref: String, in repository: GitRepository) async throws -> String {
        guard !ref.hasPrefix("refs/") else { return ref }
        for prefix in ["refs/heads/", "refs/tags/"] where RefFormat.isValid(prefix + ref) {
            if try await repository.resolveCommitIfPresent(prefix + ref) != nil { return prefix + ref }
        }
        return ref
    }

    /// `POST /api/flow/dispatch/redeploy` {taskId}: replay the stored trigger payload of that task.
    @Sendable func redeploy(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        let (app, dispatch) = try await task(body["taskId"].string, identity, deploying: true)
        var payload = dispatch.payload
        payload["redeploy_of"] = .string(ServerlessDispatcher.taskID(appID: app.id, taskNumber: dispatch.taskNumber))
        return try await started(app, payload: payload, creator: identity.user.account)
    }

    /// `POST /api/flow/dispatch/cancel` {taskId}.
    @Sendable func cancel(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        let (app, dispatch) = try await task(body["taskId"].string, identity, deploying: true)
        try await dispatcher.engine.cancel(workflowKey: app.workflowKey, taskID: dispatch.taskNumber, by: identity.user.account)
        return .object(["taskId": .string(ServerlessDispatcher.taskID(appID: app.id, taskNumber: dispatch.taskNumber))])
    }

    /// `GET /api/flow/task/detail?taskId=`: status and step results of one task.
    @Sendable func taskDetail(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let (app, dispatch) = try await task(SDevs.query(request, "taskId"), identity)
        guard let task = try await store.tasks.get(workflowKey: app.workflowKey, taskID: dispatch.taskNumber) else {
            throw SlipwayError.notFound("task not found")
        }
        let job = task.stages.first?.jobs.first
        let steps = job?.outputs["STEPS"].flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) } ?? .array([])
        var out = taskSummary(dispatch, task)
        out["appId"] = .string(String(app.id))
        out["trigger_payload"] = dispatch.payload
        out["steps"] = steps
        out["error"] = .string(task.error.isEmpty ? (job?.error ?? "") : task.error)
        return out
    }

    func started(_ app: ServerlessApplication, payload: JSONValue, creator: String) async throws -> JSONValue {
        switch try await dispatcher.dispatch(app, payload: payload, dedupKey: nil, creator: creator) {
        case .started(let d), .duplicate(let d):
            return .object(["taskId": .string(ServerlessDispatcher.taskID(appID: app.id, taskNumber: d.taskNumber)),
                            "commit": .string(d.commit), "ref": .string(d.ref)])
        }
    }

    static func manualTemplate(_ app: ServerlessApplication) -> String {
        for section in app.triggerSpec.object.values {
            for event in section["events"].array {
                if let t = event["template"].string, !t.isEmpty { return t }
            }
            if let t = section["template"].string, !t.isEmpty { return t }
        }
        return TriggerRules.defaultTemplate
    }

    func owned(_ id: String, _ identity: Identity) async throws -> ServerlessApplication {
        guard let number = Int64(id), let app = try await store.serverlessApps.get(id: number) else {
            throw SlipwayError.notFound("application \(id) not found")
        }
        guard identity.user.isAdmin || app.userID == identity.user.uid else {
            throw SlipwayError.notFound("application \(id) not found")
        }
        return app
    }

    func task(_ taskID: String?, _ identity: Identity, deploying: Bool = false) async throws -> (ServerlessApplication, ServerlessDispatch) {
        guard let taskID, !taskID.isEmpty else { throw SlipwayError.invalidInput("taskId is required") }
        guard let parsed = ServerlessDispatcher.parseTaskID(taskID) else { throw SlipwayError.notFound("task \(taskID) not found") }
        let app = deploying ? try await deployable(String(parsed.appID), identity) : try await owned(String(parsed.appID), identity)
        guard let dispatch = try await store.serverlessApps.dispatch(appID: app.id, taskNumber: parsed.taskNumber) else {
            throw SlipwayError.notFound("task \(taskID) not found")
        }
        return (app, dispatch)
    }

    func taskSummary(_ dispatch: ServerlessDispatch, _ task: WorkflowTask?) -> JSONValue {
        let status = task?.status ?? .waiting
        return .object([
            "taskId": .string(ServerlessDispatcher.taskID(appID: dispatch.appID, taskNumber: dispatch.taskNumber)),
            "commit": .string(dispatch.commit), "message": .string(dispatch.message), "ref": .string(dispatch.ref),
            "completed": .bool(status.isCompleted), "status": .string(SDevs.status(status)),
            "trigger": .string(dispatch.eventName),
        ])
    }

    /// The application as the seed shows it; secret values never leave the server.
    func dto(_ app: ServerlessApplication) async throws -> JSONValue {
        var latest: JSONValue = .null
        if let dispatch = try await store.serverlessApps.latestDispatch(appID: app.id) {
            latest = taskSummary(dispatch, try await store.tasks.get(workflowKey: app.workflowKey, taskID: dispatch.taskNumber))
        }
        var spec = app.triggerSpec
        for (name, section) in spec.object where !section["secret"].isNull {
            var masked = section
            masked["secret"] = .string(Self.mask)
            spec[name] = masked
        }
        return .object([
            "id": .string(String(app.id)), "created_time": .number(Double(app.createdAt)),
            "updated_time": .number(Double(app.updatedAt)), "latest_task": latest, "owner": .string(app.owner),
            "provider": .string(app.provider), "provider_repo_id": .string(app.providerRepoID), "repo_name": .string(app.repo),
            "repo_url": .string(app.repoURL), "secrets": .object(app.secrets.mapValues { _ in .string(Self.mask) }),
            "trigger_spec": spec, "user_id": .string(app.userID), "description": .string(app.description),
        ])
    }
}
