import SlipwayCore
import SlipwayStore

/// CODING CD applications: CD tasks create, change and delete them (team administrators); an
/// application bound to a project is visible to that project's members.
package struct CdApplicationService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }

    func requireAdmin(_ caller: User) throws {
        guard caller.isAdmin else { throw SlipwayError.forbidden("only team administrators run CD tasks and bind applications") }
    }

    /// Run the CD task `json` (`TaskJsonContent`) now: its jobs in order, the first that fails
    /// ending the task `TERMINAL` with the reason. Returns the recorded execution.
    package func runTask(json: String, by caller: User) async throws -> CdTaskExecution {
        try requireAdmin(caller)
        let task = try CdTaskDocument(json: json)
        let description = task.description.isEmpty ? "\(task.jobs[0].type.rawValue): \(task.application)" : task.description
        var run = CdTaskRun(application: task.application, description: description, user: caller.account)
        for job in task.jobs where !run.failed {
            try await run.job(job.type.rawValue) { try await apply(job, by: caller) }
        }
        let execution = run.execution
        try await store.cdApplications.record(execution)
        return execution
    }

    func apply(_ job: CdTaskDocument.Job, by caller: User) async throws {
        switch job.type {
        case .deleteApplication:
            try await store.cdApplications.delete(name: job.name)
        case .createApplication, .updateApplication:
            let replace = job.type == .updateApplication
            var application =
                replace
                ? try await store.cdApplications.get(name: job.name)
                    ?? { throw SlipwayError.notFound("application \(job.name) not found") }()
                : CdApplication(name: job.name, user: caller.account, lastModifyNickName: caller.name)
            if let value = job.cloudProviders { application.cloudProviders = value }
            if let value = job.description { application.description = value }
            if let value = job.email { application.email = value }
            if let value = job.instancePort { application.instancePort = value }
            application.lastModifyNickName = caller.name
            application.updatedAt = .now()
            try await store.cdApplications.save(application, replace: replace)
        }
    }

    /// Execution `id`, for an administrator or whoever ran it.
    package func execution(_ id: String, by caller: User) async throws -> CdTaskExecution {
        guard let execution = try await store.cdApplications.execution(id: id), caller.isAdmin || execution.createdBy == caller.account else {
            throw SlipwayError.notFound("task execution \(id) not found")
        }
        return execution
    }

    /// Bind application `name` to project `projectKey` (administrators).
    package func bind(_ name: String, projectKey: String, by caller: User) async throws {
        try requireAdmin(caller)
        guard try await store.cdApplications.get(name: name) != nil else { throw SlipwayError.notFound("application \(name) not found") }
        guard try await store.projects.get(key: projectKey) != nil else { throw SlipwayError.notFound("project \(projectKey) not found") }
        try await store.cdApplications.bind(name, projectKey: projectKey)
    }

    /// Every application the caller may see: all for an administrator, else those bound to a
    /// project it belongs to.
    package func applications(by caller: User) async throws -> [CdApplication] {
        if caller.isAdmin { return try await store.cdApplications.list() }
        let projects = try await store.projects.list(visibleTo: caller, page: 1, pageSize: 100_000).items.map(\.key)
        return try await store.cdApplications.list(names: try await store.cdApplications.boundApplications(projectKeys: projects))
    }

    /// The applications bound to project `projectKey`, for its members.
    package func applications(projectKey: String, by caller: User) async throws -> [CdApplication] {
        guard try await canView(projectKey, caller) else {
            throw SlipwayError.notFound("project \(projectKey) not found")
        }
        return try await store.cdApplications.list(names: try await store.cdApplications.boundApplications(projectKeys: [projectKey]))
    }

    /// Application `name`, for an administrator or a member of a project it is bound to.
    package func application(_ name: String, by caller: User) async throws -> CdApplication {
        guard let application = try await store.cdApplications.get(name: name) else { throw SlipwayError.notFound("application \(name) not found") }
        if caller.isAdmin { return application }
        for key in try await store.cdApplications.projects(of: name) where try await canView(key, caller) {
            return application
        }
        throw SlipwayError.notFound("application \(name) not found")
    }

    /// Whether `caller` may see project `key` (a member, or any user of a public project).
    func canView(_ key: String, _ caller: User) async throws -> Bool {
        try await store.access.access(user: caller, projectKey: key)?.allows(.view) ?? false
    }
}
