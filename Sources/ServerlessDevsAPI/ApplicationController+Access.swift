import SlipwayCore
import SlipwayHTTP
import SlipwayStore
import SlipwayTriggers

extension ApplicationController {
    /// An application the caller owns (or any, for an administrator) and may still deploy: its
    /// owner must keep developer access to the application's project, so a member whose role was
    /// revoked can no longer run, change or remove what they created.
    func deployable(_ id: String, _ identity: Identity) async throws -> ServerlessApplication {
        let app = try await owned(id, identity)
        guard let workflow = try await store.workflows.get(key: app.workflowKey) else {
            throw SlipwayError.notFound("workflow of application \(id) not found")
        }
        try await requireDeveloper(identity, projectKey: workflow.projectKey, what: "application \(id)")
        return app
    }

    /// Developer-level access (`ProjectAccess.allowsRepositoryWrite`) to `projectKey`, or 403.
    func requireDeveloper(_ identity: Identity, projectKey: String, what: String) async throws {
        guard let access = try await store.access.access(user: identity.user, projectKey: projectKey),
            access.allowsRepositoryWrite
        else {
            throw SlipwayError.forbidden("\(what) needs developer access to project \(projectKey)")
        }
    }

    /// The shared project of external-repository applications, created by an administrator's
    /// first such application. Members are added to it like to any project.
    func createSharedProject(admin: User) async throws {
        do {
            try await store.projects.create(
                Project(key: ServerlessDispatcher.externalProject, name: "Serverless Devs applications", createdBy: admin.account),
                creatorUID: admin.uid)
        } catch SlipwayError.conflict {}
    }
}

/// The fields of `application/create`, each checked, every problem reported in one error.
struct ApplicationFields {
    var repo = "", owner = "", repoURL = "", providerRepoID = "", provider = ""
    var triggerSpec: JSONValue = .object([:])
    var secrets: [String: String] = [:]

    /// A repository hosted here rather than at an external provider.
    var isHosted: Bool { ["coding", "slipway", "internal"].contains(provider) }

    init(_ body: JSONValue) throws {
        var problems: [String] = []
        func required(_ key: String) -> String {
            switch body[key] {
            case .string(let value) where !value.isEmpty: return value
            case .null, .string: problems.append("\(key) is required")
            default: problems.append("\(key) must be a string")
            }
            return ""
        }
        repo = required("repo")
        owner = required("owner")
        repoURL = required("repo_url")
        providerRepoID = required("provider_repo_id")
        provider = required("provider").lowercased()
        if body["trigger_spec"].isNull {
            problems.append("trigger_spec is required")
        } else {
            do { triggerSpec = try ApplicationController.triggerSpec(body["trigger_spec"]) } catch let error as SlipwayError {
                problems.append(error.detail)
            }
        }
        do { secrets = try ApplicationController.secrets(body["secrets"], merging: [:]) } catch let error as SlipwayError {
            problems.append(error.detail)
        }
        guard problems.isEmpty else { throw SlipwayError.invalidInput(problems.joined(separator: "; ")) }
    }
}
