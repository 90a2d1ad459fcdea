import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayStore
import SlipwayTriggers

extension ApplicationService {
    /// Runs an application at `ref` (a short or full name), or at the pinned `commitID`.
    package func manual(appID: String, ref: String, commitID: String?, inputs: JSONValue, by user: User) async throws -> ServerlessDispatch {
        let app = try await deployable(appID, user)
        let pinned = commitID ?? ""
        let repository = try await runner.repository(of: app, refresh: pinned.isEmpty, commit: pinned.isEmpty ? nil : pinned)
        let fullRef = try await Self.qualify(ref, in: repository)
        let commit: String
        do {
            commit = try await repository.resolveCommit(pinned.isEmpty ? fullRef.full : pinned)
        } catch SlipwayError.notFound {
            throw SlipwayError.notFound("ref \(pinned.isEmpty ? ref : pinned) not found in \(app.owner)/\(app.repo)")
        }
        let message = (try? await repository.commit(commit))?.message ?? ""
        let payload: JSONValue = .object([
            "provider": .string(app.provider), "event_name": .string("manual_dispatch"), "ref": .string(fullRef.full),
            "commit": .string(commit), "message": .string(message), "pusher": .string(user.account),
            "template": .string(Self.manualTemplate(app)), "inputs": inputs.isNull ? .object([:]) : inputs,
        ])
        return try await start(app, payload: payload, by: user)
    }

    /// Runs the stored trigger payload of task `taskID` again.
    package func redeploy(taskID: String?, by user: User) async throws -> ServerlessDispatch {
        let (app, dispatch) = try await task(taskID, user, deploying: true)
        var payload = dispatch.payload
        payload["redeploy_of"] = .string(ApplicationRunner.taskID(appID: app.id, taskNumber: dispatch.taskNumber))
        return try await start(app, payload: payload, by: user)
    }

    /// Cancels task `taskID`; answers the dispatch it belongs to.
    package func cancel(taskID: String?, by user: User) async throws -> ServerlessDispatch {
        let (app, dispatch) = try await task(taskID, user, deploying: true)
        try await context.engine.cancel(workflowKey: app.workflowKey, taskID: dispatch.taskNumber, by: user.account)
        return dispatch
    }

    /// The application and dispatch of a task id (`<appId>-<taskNumber>`); `deploying` also
    /// needs the right to deploy it.
    package func task(_ taskID: String?, _ user: User, deploying: Bool = false) async throws -> (ServerlessApplication, ServerlessDispatch) {
        guard let taskID, !taskID.isEmpty else { throw SlipwayError.invalidInput("taskId is required") }
        guard let parsed = ApplicationRunner.parseTaskID(taskID) else { throw SlipwayError.notFound("task \(taskID) not found") }
        let app = deploying ? try await deployable(String(parsed.appID), user) : try await owned(String(parsed.appID), by: user)
        guard let dispatch = try await store.serverlessApps.dispatch(appID: app.id, taskNumber: parsed.taskNumber) else {
            throw SlipwayError.notFound("task \(taskID) not found")
        }
        return (app, dispatch)
    }

    func start(_ app: ServerlessApplication, payload: JSONValue, by user: User) async throws -> ServerlessDispatch {
        switch try await runner.dispatch(app, payload: payload, dedupKey: nil, creator: user.account) {
        case .started(let dispatch), .duplicate(let dispatch): return dispatch
        }
    }

    /// A short ref (`main`, `v1.0`) as the full ref name a push would carry; others unchanged.
    static func qualify(_ ref: String, in repository: GitRepository) async throws -> RefName {
        guard !ref.hasPrefix("refs/") else { return RefName(full: ref) }
        for candidate in [RefName.branch(ref), RefName.tag(ref)] where RefFormat.isValid(candidate.full) {
            if try await repository.resolveCommitIfPresent(candidate.full) != nil { return candidate }
        }
        return RefName(full: ref)
    }

    /// The template a manual run uses: the first one the trigger spec names, or the default.
    static func manualTemplate(_ app: ServerlessApplication) -> String {
        for section in app.triggerSpec.object.values {
            for event in section["events"].array {
                if let t = event["template"].string, !t.isEmpty { return t }
            }
            if let t = section["template"].string, !t.isEmpty { return t }
        }
        return TriggerRules.defaultTemplate
    }
}
