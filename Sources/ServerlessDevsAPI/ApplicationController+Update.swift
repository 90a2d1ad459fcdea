import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import SlipwayTriggers

extension ApplicationController {
    /// `POST /api/flow/application/update` {id, description?, trigger_spec?, secrets?, repo_url?}.
    /// Secrets merge: a given name is replaced, a `null` value removes it. `repo_url` changes only
    /// for external repositories. Tasks already dispatched keep what they were started with.
    @Sendable func update(_ request: Request, _ context: AppRequestContext) async throws -> ApplicationDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let id = body["id"].string, !id.isEmpty else { throw SlipwayError.invalidInput("id is required") }
        var changes = ApplicationChanges()
        if !body["description"].isNull {
            guard let text = body["description"].string else { throw SlipwayError.invalidInput("description must be a string") }
            changes.description = text
        }
        if !body["trigger_spec"].isNull { changes.triggerSpec = try Self.triggerSpec(body["trigger_spec"]) }
        if !body["secrets"].isNull { changes.secrets = try Self.secretChanges(body["secrets"]) }
        changes.repoURL = body["repo_url"].string
        return try await dto(try await service.update(id: id, changes, by: identity.user))
    }

    /// `POST /api/flow/application/remove` {id}: the application, its workflow and task history.
    /// Refused while one of its tasks is unfinished (cancel it first).
    @Sendable func remove(_ request: Request, _ context: AppRequestContext) async throws -> ApplicationIDDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let id = body["id"].string, !id.isEmpty else { throw SlipwayError.invalidInput("id is required") }
        try await service.remove(id: id, by: identity.user)
        return ApplicationIDDTO(id: id)
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

    /// `secrets` as changes: names are letters, digits and `_`; a `null` value removes one.
    static func secretChanges(_ value: JSONValue) throws -> [String: String?] {
        if case .object = value {} else if !value.isNull { throw SlipwayError.invalidInput("secrets must be an object") }
        var changes: [String: String?] = [:]
        for (key, value) in value.object {
            guard !key.isEmpty, key.count <= 64, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw SlipwayError.invalidInput("secret names are letters, digits and '_': \(key)")
            }
            if value.isNull {
                changes[key] = .some(nil)
                continue
            }
            guard let text = value.string else { throw SlipwayError.invalidInput("secret \(key) must be a string") }
            changes[key] = .some(text)
        }
        return changes
    }
}
