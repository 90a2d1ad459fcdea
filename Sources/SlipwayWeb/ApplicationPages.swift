import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Serverless Devs applications: the list, one application with its tasks (paged), one task
/// with its steps, and redeploy. An application is seen by its owner and by administrators (as
/// `GET /api/flow/application/detail`); its page lives under its project,
/// `/ui/projects/<project>/applications/<id>`.
extension OperationsPages {
    static let tasksPerPage = 20

    @Sendable func applicationList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try web.signedIn(request)
        let listings = try await overview.applications(visibleTo: user)
        let body: HTML = """
            <h1>\(strings(.applications))</h1>
            \(web.applicationTable(listings, showProject: true))
            """
        return WebResponse.page(layout.page(title: strings(.applications), body))
    }

    @Sendable func application(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try web.signedIn(request)
        let listing = try await applications.listing(try web.parameter("app", context), project: try web.parameter("project", context), user: user)
        let app = listing.app
        let page = web.pageNumber(request)
        let tasks = try await applications.tasks(of: app, page: page, pageSize: Self.tasksPerPage)
        let rows = tasks.items.map { row -> HTML in
            let summary = row.summary
            let dispatch = row.dispatch
            let trigger = dispatch.map { web.trigger(RunTrigger($0), user: user) } ?? .empty
            return """
                <tr><td><a href="\(Links.applicationTask(listing.projectKey, app.id, summary.taskID))">\(app.id)-\(summary.taskID)</a></td>
                <td>\(WebFormat.status(summary.status))</td><td>\(trigger)</td><td>\(dispatch?.ref ?? "")</td>
                <td class="secret">\(String((dispatch?.commit ?? "").prefix(12)))</td><td>\(dispatch?.message ?? "")</td>
                <td>\(summary.creator)</td><td>\(WebFormat.time(summary.createdAt))</td>
                <td>\(WebFormat.duration(start: summary.startedAt, end: summary.endedAt))</td></tr>
                """
        }
        let headers = [
            strings(.task), strings(.status), strings(.trigger), strings(.ref), strings(.commit), strings(.message), strings(.creator),
            strings(.started), strings(.duration),
        ]
        let body: HTML = """
            <h1>\(strings(.applicationTitle, "\(app.owner)/\(app.repo)"))</h1>
            <p><a href="\(Links.project(listing.projectKey))">\(listing.projectKey)</a> · \(app.provider) · <span class="secret">\(app.repoURL)</span></p>
            <p>\(app.description)</p>
            <h2>\(strings(.tasks))</h2>
            \(table(headers, rows, empty: .noApplicationTasks))
            \(web.pager(Links.application(listing.projectKey, app.id), page: page, total: tasks.total, pageSize: Self.tasksPerPage, label: strings(.tasks)))
            """
        return WebResponse.page(layout.page(title: strings(.applicationTitle, "\(app.owner)/\(app.repo)"), body))
    }

    @Sendable func applicationTask(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try web.signedIn(request)
        let listing = try await applications.listing(try web.parameter("app", context), project: try web.parameter("project", context), user: user)
        let app = listing.app
        guard let number = Int(try web.parameter("task", context)) else { throw SlipwayError.notFound("no such task") }
        let detail = try await applications.taskDetail(app, number: number, user: user)
        let task = detail.task, dispatch = detail.dispatch
        let taskID = "\(app.id)-\(number)"
        let steps = detail.steps.map { step -> HTML in
            "<tr><td>\(step.name.isEmpty ? step.id : step.name)</td><td><span class=\"status\">\(step.status)</span></td><td>\(step.errorMessage)</td></tr>"
        }
        let failure: HTML = detail.error.isEmpty ? .empty : "<p class=\"notice error\"><strong>\(strings(.error))</strong>: \(detail.error)</p>"
        var actions: [HTML] = []
        if (try? await applications.deployable(String(app.id), user)) != nil {
            actions.append(
                """
                <form class="inline" method="post" action="\(Links.applicationTask(listing.projectKey, app.id, number))/redeploy">\(layout.csrfField)
                <button type="submit">\(strings(.redeploy))</button></form>
                """)
        }
        if dispatch.deliveryID > 0 {
            actions.append(
                """
                <form class="inline" method="post" action="\(Links.delivery(dispatch.deliveryID))/replay">\(layout.csrfField)
                <input type="hidden" name="next" value="\(Links.application(listing.projectKey, app.id))">
                <button type="submit" class="secondary">\(strings(.replayDelivery, String(dispatch.deliveryID)))</button></form>
                """)
        }
        let body: HTML = """
            <h1>\(strings(.applicationTaskTitle, taskID))</h1>
            <p><a href="\(Links.application(listing.projectKey, app.id))">\(app.owner)/\(app.repo)</a> · \(WebFormat.status(task.status)) ·
            \(web.trigger(RunTrigger(dispatch), user: user)) · \(strings(.creator)): \(task.creator) · \(WebFormat.time(task.createdAt)) ·
            \(WebFormat.duration(start: task.startedAt, end: task.endedAt))</p>
            <dl>
            <dt>\(strings(.ref))</dt><dd>\(dispatch.ref)</dd>
            <dt>\(strings(.commit))</dt><dd class="secret">\(dispatch.commit)</dd>
            <dt>\(strings(.message))</dt><dd>\(dispatch.message)</dd>
            </dl>
            \(failure)
            <div class="actions">\(actions)</div>
            <h2>\(strings(.steps))</h2>
            \(table([strings(.step), strings(.status), strings(.error)], steps, empty: .noSteps))
            <p><a href="\(Links.run(listing.projectKey, app.workflowKey, number))">\(strings(.runDetails))</a></p>
            """
        return WebResponse.page(layout.page(title: strings(.applicationTaskTitle, taskID), body))
    }

    /// Redeploy: the Serverless Devs API's `dispatch/redeploy`, noted in the operation log as it.
    @Sendable func redeploy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try web.signedIn(request)
        let listing = try await applications.listing(try web.parameter("app", context), project: try web.parameter("project", context), user: user)
        guard let number = Int(try web.parameter("task", context)) else { throw SlipwayError.notFound("no such task") }
        let taskID = "\(listing.app.id)-\(number)"
        context.audit.note(function: "dispatch/redeploy", projectKey: listing.projectKey, detail: taskID)
        let dispatch = try await applications.redeploy(taskID: taskID, by: user)
        return WebResponse.redirect(Links.applicationTask(listing.projectKey, listing.app.id, dispatch.taskNumber))
    }
}

extension WebPages {
    /// Applications, each linking to its page.
    func applicationTable(_ listings: [ApplicationListing], showProject: Bool) -> HTML {
        guard !listings.isEmpty else { return "<p>\(strings(.noApplications))</p>" }
        let rows = listings.map { listing -> HTML in
            let app = listing.app
            let project: HTML = showProject ? "<td><a href=\"\(Links.project(listing.projectKey))\">\(listing.projectKey)</a></td>" : .empty
            return """
                <tr><td><a href="\(Links.application(listing.projectKey, app.id))">\(app.owner)/\(app.repo)</a> <small>#\(app.id)</small></td>
                \(project)<td>\(app.provider)</td><td>\(app.description)</td></tr>
                """
        }
        let projectHeader: HTML = showProject ? "<th>\(strings(.project))</th>" : .empty
        return """
            <div class="table-wrap"><table><thead><tr><th>\(strings(.application))</th>\(projectHeader)<th>\(strings(.provider))</th>
            <th>\(strings(.description))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }
}
