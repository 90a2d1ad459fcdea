import SlipwayCore
import SlipwayGit
import SlipwayStore

/// Serverless Devs applications: create, update and remove, each one store transaction over the
/// application and the workflow it runs as. Who may do what is checked here, for every dialect.
package struct ApplicationService: Sendable {
    package let context: ServiceContext
    package let runner: ApplicationRunner

    package init(_ context: ServiceContext, links: ApplicationLinks) {
        self.context = context
        self.runner = ApplicationRunner(context, links: links)
    }

    var store: Store { context.store }

    /// Creates an application and its workflow together. Needs developer access to the project
    /// the application belongs to: the depot's project for a repository hosted here; for an
    /// external repository the shared `serverless-devs` project, which an administrator's first
    /// such application creates. Nobody gains a role by creating one. `new` is a draft: its id,
    /// owner (`userID`) and depot are set here.
    package func create(_ new: ServerlessApplication, by user: User) async throws -> ServerlessApplication {
        var depot: Depot?
        let projectKey: String
        if new.isHosted {
            depot = try await store.depots.get(projectKey: new.owner, name: new.repo)
            if depot == nil, let id = Int64(new.providerRepoID) { depot = try await store.depots.get(id: id) }
            guard let depot else { throw SlipwayError.notFound("repository \(new.owner)/\(new.repo) is not hosted here") }
            projectKey = depot.projectKey
        } else {
            try GitMirrors.validate(url: new.repoURL)
            projectKey = ApplicationRunner.externalProject
            if try await store.projects.get(key: projectKey) == nil {
                guard user.isAdmin else {
                    throw SlipwayError.forbidden(
                        "applications of external repositories belong to project \(projectKey): an administrator creates it and adds you")
                }
                try await createSharedProject(admin: user)
            }
        }
        try await requireDeveloper(user, projectKey: projectKey, what: "deploying \(new.owner)/\(new.repo)")
        let directory =
            try depot.map { context.depots.git.directory(for: try context.depots.path($0)) }
            ?? GitMirrors(context.depots.git).directory(for: new.repoURL)
        let runner = runner
        var draft = new
        draft.id = 0
        draft.userID = user.uid
        draft.depotID = depot?.id ?? 0
        let (app, _) = try await store.serverlessApps.create(draft) { stored in
            // The workflow an application runs as compiles into job plans like any saved workflow.
            let workflow = runner.workflow(for: stored, projectKey: projectKey, repositoryDirectory: directory, creator: user)
            _ = try workflow.compiledPlans()
            return workflow
        }
        return app
    }

    /// Applies `changes`; the workflow follows (tasks already dispatched keep what they started with).
    package func update(id: String, _ changes: ApplicationChanges, by user: User) async throws -> ServerlessApplication {
        var app = try await deployable(id, user)
        if let description = changes.description { app.description = description }
        if let spec = changes.triggerSpec { app.triggerSpec = spec }
        if let patch = changes.secrets {
            for (name, value) in patch { app.secrets[name] = value }
        }
        if let url = changes.repoURL, url != app.repoURL {
            guard app.depotID == 0 else {
                throw SlipwayError.invalidInput("repo_url of a repository hosted here follows the depot; it cannot be changed")
            }
            try GitMirrors.validate(url: url)
            app.repoURL = url
        }
        app.updatedAt = .now()
        guard let creator = try await store.users.find(uid: app.userID) else {
            throw SlipwayError.notFound("the creator of application \(id) no longer exists")
        }
        let workflow = try await runner.workflow(for: app, creator: creator)
        _ = try workflow.compiledPlans()
        try await store.serverlessApps.update(app, workflow: workflow)
        return app
    }

    /// Removes the application, its dispatches, its workflow and task history, in one
    /// transaction. Refused while one of its tasks is unfinished (cancel it first).
    package func remove(id: String, by user: User) async throws {
        try await store.serverlessApps.remove(try await deployable(id, user))
    }
}
