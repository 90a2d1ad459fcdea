import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayStore
import SlipwayTriggers

extension ApplicationController {
    /// `POST /api/flow/application/update` {id, description?, trigger_spec?, secrets?, repo_url?}.
    /// Secrets merge: a given name is replaced, a `null` value removes it. `repo_url` changes only
    /// for external repositories. Tasks already dispatched keep what they were started with.
    @Sendable func update(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let id = body["id"].string, !id.isEmpty else { throw SlipwayError.invalidInput("id is required") }
        var app = try await deployable(id, identity)
        if !body["description"].isNull {
            guard let text = body["description"].string else { throw SlipwayError.invalidInput("description must be a string") }
            app.description = text
        }
        if !body["trigger_spec"].isNull { app.triggerSpec = try Self.triggerSpec(body["trigger_spec"]) }
        if !body["secrets"].isNull { app.secrets = try Self.secrets(body["secrets"], merging: app.secrets) }
        if let url = body["repo_url"].string, url != app.repoURL {
            guard app.depotID == 0 else {
                throw SlipwayError.invalidInput("repo_url of a repository hosted here follows the depot; it cannot be changed")
            }
            try GitMirrors.validate(url: url)
            app.repoURL = url
        }
        app.updatedAt = .now()
        try await store.serverlessApps.update(app)
        guard let creator = try await store.users.find(uid: app.userID) else {
            throw SlipwayError.notFound("the creator of application \(id) no longer exists")
        }
        try await dispatcher.ensureWorkflow(app, creator: creator)
        return try await dto(app)
    }

    /// `POST /api/flow/application/remove` {id}: the application, its workflow and task history.
    /// Refused while one of its tasks is unfinished (cancel it first).
    @Sendable func remove(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let id = body["id"].string, !id.isEmpty else { throw SlipwayError.invalidInput("id is required") }
        let app = try await deployable(id, identity)
        if let workflow = try await store.workflows.get(key: app.workflowKey) {
            try await store.workflows.delete(key: workflow.key, projectKey: workflow.projectKey)
        }
        try await store.serverlessApps.delete(id: app.id)
        return .object(["id": .string(id)])
    }

    /// `trigger_spec`: an object of provider sections; every generation-1 filter must parse.
    static func triggerSpec(_ spec: JSONValue) throws -> JSONValue {
        guard case .object(let sections) = spec else { throw SlipwayError.invalidInput("trigger_spec must be an object") }
        for (name, section) in sections {
            for event in section["events"].array {
                if let filter = event["filter"].string, !filter.isEmpty {
                    do { _ = try Expression(filter) } catch {
                        throw SlipwayError.invalidInput("trigger_spec.\(name): filter \(filter) is invalid: \(error.description)")
                    }
                }
            }
        }
        return spec
    }

    /// `secrets` merged over `existing`: names are letters, digits and `_`; `null` removes one.
    static func secrets(_ value: JSONValue, merging existing: [String: String]) throws -> [String: String] {
        if case .object = value {} else if !value.isNull { throw SlipwayError.invalidInput("secrets must be an object") }
        var secrets = existing
        for (key, value) in value.object {
            guard !key.isEmpty, key.count <= 64, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw SlipwayError.invalidInput("secret names are letters, digits and '_': \(key)")
            }
            if value.isNull {
                secrets[key] = nil
                continue
            }
            guard let text = value.string else { throw SlipwayError.invalidInput("secret \(key) must be a string") }
            secrets[key] = text
        }
        return secrets
    }
}
