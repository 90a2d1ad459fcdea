import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// The home page (my projects, running tasks, approvals waiting for me) and a project's page.
extension WebPages {
    var overview: OverviewService { OverviewService(services) }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard state.session != nil else { return WebResponse.redirect(WebRoutes.signInPath) }
        let (user, layout) = try signedIn(request)
        let projects = try await overview.projects(of: user).items
        let running = try await overview.unfinishedTasks(for: user)
        let approvals = try await overview.approvalsWaiting(for: user)
        let projectList: HTML =
            projects.isEmpty
            ? "<p>\(strings(.noProjects))</p>"
            : "<ul>\(projects.map { "<li><a href=\"\(Links.project($0.key))\">\($0.name)</a> <small>(\($0.key))</small></li>" as HTML })</ul>"
        let runningList: HTML =
            running.isEmpty
            ? "<p>\(strings(.noRunningTasks))</p>"
            : "<ul>\(running.map { task -> HTML in "<li><a href=\"\(Links.run(task.projectKey, task.workflowKey, task.taskID))\">\(task.workflowName) #\(task.taskID)</a> \(WebFormat.status(task.status))</li>" })</ul>"
        let approvalList: HTML =
            approvals.isEmpty
            ? "<p>\(strings(.noApprovals))</p>"
            : "<ul>\(approvals.map { item -> HTML in "<li><a href=\"\(Links.run(item.task.projectKey, item.task.workflowKey, item.task.taskID))\">\(item.task.workflowName) #\(item.task.taskID)</a>: \(item.name)</li>" })</ul>"
        let body: HTML = """
            <h1>\(strings(.homeTitle))</h1>
            <section aria-labelledby="approvals"><h2 id="approvals">\(strings(.approvalsWaiting))</h2>\(approvalList)</section>
            <section aria-labelledby="running"><h2 id="running">\(strings(.runningTasks))</h2>\(runningList)</section>
            <section aria-labelledby="projects"><h2 id="projects">\(strings(.myProjects))</h2>\(projectList)</section>
            """
        return WebResponse.page(layout.page(title: strings(.homeTitle), body))
    }

    @Sendable func project(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try signedIn(request)
        let project = try await overview.project(try parameter("project", context), user: user)
        let workflows = try await overview.workflows(of: project.key, user: user)
        let depots = try await overview.depots(of: project.key, user: user)
        let applications = try await overview.applications(visibleTo: user, project: project.key)
        let flaky: HTML =
            await overview.may("get_test", project: project.key, user: user)
            ? "<p><a href=\"\(Links.flakyTests(project.key))\">\(strings(.flakyTests))</a></p>" : .empty
        let rows = workflows.map { workflow -> HTML in
            "<tr><td><a href=\"\(Links.workflow(project.key, workflow.key))\">\(workflow.displayName)</a> <small>(\(workflow.key))</small></td><td>\(workflow.description)</td></tr>"
        }
        let table: HTML =
            workflows.isEmpty
            ? "<p>\(strings(.noWorkflows))</p>"
            : "<div class=\"table-wrap\"><table><thead><tr><th>\(strings(.workflowName))</th><th>\(strings(.description))</th></tr></thead><tbody>\(rows)</tbody></table></div>"
        let body: HTML = """
            <h1>\(strings(.projectTitle, project.name))</h1>
            <p>\(project.description)</p>
            \(flaky)
            <section aria-labelledby="workflows"><h2 id="workflows">\(strings(.workflows))</h2>
            \(table)</section>
            <section aria-labelledby="repositories"><h2 id="repositories">\(strings(.repositories))</h2>
            \(repositoryTable(depots, project: project.key))</section>
            <section aria-labelledby="applications"><h2 id="applications">\(strings(.applications))</h2>
            \(applicationTable(applications, showProject: false))</section>
            """
        return WebResponse.page(layout.page(title: strings(.projectTitle, project.name), body))
    }

    /// The project's repositories, each linking to its repository page.
    func repositoryTable(_ depots: [Depot], project: String) -> HTML {
        guard !depots.isEmpty else { return "<p>\(strings(.noRepositories))</p>" }
        let rows = depots.map { depot -> HTML in
            let archived: HTML = depot.isArchived ? " <small>(\(strings(.archived)))</small>" : .empty
            return "<tr><td><a href=\"\(Links.repository(project, depot.name))\">\(depot.name)</a>\(archived)</td><td>\(depot.description)</td></tr>"
        }
        return """
            <div class="table-wrap"><table><thead><tr><th>\(strings(.repositoryName))</th><th>\(strings(.description))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }
}

/// Page addresses, every segment percent-encoded.
enum Links {
    static func project(_ key: String) -> String { "\(WebRoutes.prefix)/projects/\(HTML.component(key))" }
    static func workflow(_ project: String, _ key: String) -> String { "\(Self.project(project))/workflows/\(HTML.component(key))" }
    static func run(_ project: String, _ key: String, _ id: Int) -> String { "\(workflow(project, key))/runs/\(id)" }
    /// A repository's page (the repository pages' own address scheme).
    static func repository(_ project: String, _ name: String) -> String { "\(Self.project(project))/repos/\(HTML.component(name))" }
    static func application(_ project: String, _ id: Int64) -> String { "\(Self.project(project))/applications/\(id)" }
    static func applicationTask(_ project: String, _ id: Int64, _ number: Int) -> String { "\(application(project, id))/tasks/\(number)" }
    static func delivery(_ id: Int64) -> String { "\(WebRoutes.prefix)/deliveries/\(id)" }
    static func flakyTests(_ project: String) -> String { "\(Self.project(project))/flaky-tests" }
}
