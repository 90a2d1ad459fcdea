import SlipwayCore
import SlipwayStore

extension ApplicationService {
    /// An application the caller owns (any, for an administrator); `notFound` otherwise, so
    /// others cannot learn it exists.
    package func owned(_ id: String, by user: User) async throws -> ServerlessApplication {
        guard let number = Int64(id), let app = try await store.serverlessApps.get(id: number) else {
            throw SlipwayError.notFound("application \(id) not found")
        }
        guard user.isAdmin || app.userID == user.uid else {
            throw SlipwayError.notFound("application \(id) not found")
        }
        return app
    }

    /// An application the caller owns (or any, for an administrator) and may still deploy: its
    /// owner must keep developer access to the application's project, so a member whose role was
    /// revoked can no longer run, change or remove what they created.
    package func deployable(_ id: String, _ user: User) async throws -> ServerlessApplication {
        let app = try await owned(id, by: user)
        guard let workflow = try await store.workflows.get(key: app.workflowKey) else {
            throw SlipwayError.notFound("workflow of application \(id) not found")
        }
        try await requireDeveloper(user, projectKey: workflow.projectKey, what: "application \(id)")
        return app
    }

    /// Developer-level access (`ProjectAccess.allowsRepositoryWrite`) to `projectKey`, or 403.
    func requireDeveloper(_ user: User, projectKey: String, what: String) async throws {
        guard let access = try await store.access.access(user: user, projectKey: projectKey), access.allowsRepositoryWrite else {
            throw SlipwayError.forbidden("\(what) needs developer access to project \(projectKey)")
        }
    }

    /// The shared project of external-repository applications, created by an administrator's
    /// first such application. Members are added to it like to any project.
    func createSharedProject(admin: User) async throws {
        do {
            try await store.projects.create(
                Project(key: ApplicationRunner.externalProject, name: "Serverless Devs applications", createdBy: admin.account),
                creatorUID: admin.uid)
        } catch SlipwayError.conflict {}
    }
}
