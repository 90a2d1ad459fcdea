import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// A workflow: its runs (paged, with how each was started) and the form that starts one with
/// its parameters.
extension WebPages {
    static let runsPerPage = 20
    var tasks: TaskService { TaskService(services) }
    var workflowService: WorkflowService { WorkflowService(services) }

    @Sendable func workflow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try signedIn(request)
        let projectKey = try parameter("project", context), key = try parameter("workflow", context)
        let workflow = try await workflowService.workflow(key, project: projectKey, user: user, action: "get_workflow")
        let page = pageNumber(request)
        // Read before the runs: the stream replays every change from here, none falls in between.
        let after = services.taskEvents.lastID
        let runs = try await tasks.runs(of: key, project: projectKey, page: page, pageSize: Self.runsPerPage, user: user)
        // The list follows the workflow's task event stream; the newest page also takes in new runs
        // (the table is there, hidden, while there is none).
        let insert: HTML = page == 1 ? " data-row-src=\"\(Links.workflow(projectKey, key))/runs/\"" : .empty
        let table: HTML = """
            \(runs.items.isEmpty ? "<p data-no-runs>\(strings(.noRuns))</p>" as HTML : .empty)
            <div class="table-wrap"\(liveTasks(workflow: key, project: projectKey, after: after))\(insert)\(runs.items.isEmpty ? " hidden" : "")>\
            <table><thead><tr><th>\(strings(.run))</th><th>\(strings(.status))</th><th>\(strings(.trigger))</th>
            <th>\(strings(.duration))</th><th>\(strings(.creator))</th><th>\(strings(.started))</th></tr></thead>
            <tbody>\(runs.items.map { runRow($0, project: projectKey, user: user) })</tbody></table></div>
            """
        let mayRun = await overview.may("run_workflow", project: projectKey, user: user)
        let body: HTML = """
            <h1>\(strings(.workflowTitle, workflow.displayName))</h1>
            <p><a href="\(Links.project(projectKey))">\(projectKey)</a></p>
            <p>\(workflow.description)</p>
            \(mayRun ? runForm(workflow, layout) : .empty)
            <h2>\(strings(.runs))</h2>
            \(table)
            \(pager(Links.workflow(projectKey, key), page: page, total: runs.total, pageSize: Self.runsPerPage, label: strings(.runs)))
            """
        return WebResponse.page(layout.page(title: strings(.workflowTitle, workflow.displayName), body, scripts: [Self.liveTasksScript]))
    }

    func runRow(_ run: RunListing, project: String, user: User) -> HTML {
        let summary = run.summary
        return """
            <tr data-task="\(summary.taskID)" data-status="\(summary.status.rawValue)">\
            <td><a href="\(Links.run(project, summary.workflowKey, summary.taskID))">#\(summary.taskID)</a></td>
            <td>\(WebFormat.status(summary.status))</td><td>\(trigger(run.trigger, user: user))</td>
            <td>\(WebFormat.liveDuration(start: summary.startedAt, end: summary.endedAt))</td><td>\(summary.creator)</td>
            <td>\(WebFormat.time(summary.createdAt))</td></tr>
            """
    }

    /// How a run was started: by hand, by a webhook delivery (linked for administrators, who may
    /// read deliveries), as a redeploy of an earlier task, or by another run's workflow-trigger job
    /// (linked; that page applies its own access check).
    func trigger(_ trigger: RunTrigger, user: User) -> HTML {
        switch trigger.kind {
        case .manual:
            return "\(strings(.triggerManual))"
        case .webhook:
            let text = strings(.triggerWebhook, trigger.event)
            return user.isAdmin ? "<a href=\"\(Links.delivery(trigger.deliveryID))\">\(text)</a>" : "\(text)"
        case .redeploy:
            return "\(strings(.triggerRedeploy, trigger.redeployOf))"
        case .workflow:
            guard let parent = trigger.parent else { return "\(strings(.triggerManual))" }
            let text = strings(.triggerWorkflow, parent.workflow, String(parent.task))
            return "<a href=\"\(Links.run(parent.project, parent.workflow, parent.task))\">\(text)</a>"
        }
    }

    /// The `page` query parameter, 1 when absent or not a number.
    func pageNumber(_ request: Request) -> Int {
        max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1)
    }

    /// Newer/older links around "page N of M" (`total` nil: unknown, `hasOlder` says whether
    /// another page follows).
    func pager(_ base: String, page: Int, total: Int? = nil, pageSize: Int = 20, hasOlder: Bool = false, label: String) -> HTML {
        let separator = base.contains("?") ? "&" : "?"
        var links: [HTML] = []
        if page > 1 { links.append("<a rel=\"prev\" href=\"\(base)\(separator)page=\(page - 1)\">\(strings(.previousPage))</a>") }
        var more = hasOlder
        if let total {
            let pages = max(1, (total + pageSize - 1) / pageSize)
            links.append("<span>\(strings(.pageOf, String(page), String(pages)))</span>")
            more = page < pages
        } else {
            links.append("<span>\(strings(.pageNumber, String(page)))</span>")
        }
        if more { links.append("<a rel=\"next\" href=\"\(base)\(separator)page=\(page + 1)\">\(strings(.nextPage))</a>") }
        return "<nav class=\"actions\" aria-label=\"\(label)\">\(links)</nav>"
    }

    /// The run form: one labelled field per parameter a caller may set.
    func runForm(_ workflow: Workflow, _ layout: Layout) -> HTML {
        let fields = workflow.params.filter { !$0.locked }.map { param -> HTML in
            let id = "param-\(HTML.component(param.name))"
            let name = "param.\(param.name)"
            let value = param.value.isEmpty ? param.defaultValue : param.value
            let input: HTML
            if param.type == "choice", !param.choiceOptions.isEmpty {
                let options = param.choiceOptions.map { option -> HTML in
                    "<option value=\"\(option)\"\(option == value ? " selected" : "")>\(option)</option>"
                }
                input = "<select id=\"\(id)\" name=\"\(name)\">\(options)</select>"
            } else if param.type == "text" {
                input = "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"3\">\(value)</textarea>"
            } else if param.isCredential {
                input = "<input id=\"\(id)\" name=\"\(name)\" type=\"password\" autocomplete=\"off\">"
            } else {
                input = "<input id=\"\(id)\" name=\"\(name)\" value=\"\(value)\">"
            }
            let hint: HTML = param.description.isEmpty ? .empty : " <small>\(param.description)</small>"
            return "<label for=\"\(id)\">\(param.name)\(hint)</label>\(input)"
        }
        let ticket: HTML =
            workflow.enableApprovalTicket
            ? "<label for=\"approval-ticket\">approval_ticket_id</label><input id=\"approval-ticket\" name=\"approval_ticket\" required>"
            : .empty
        return """
            <h2>\(strings(.runForm))</h2>
            <form class="stack" method="post" action="\(Links.workflow(workflow.projectKey, workflow.key))/run">\(layout.csrfField)
            \(fields)\(ticket)
            <button type="submit">\(strings(.runWorkflow))</button>
            </form>
            """
    }

    @Sendable func runWorkflow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try signedIn(request)
        let projectKey = try parameter("project", context), key = try parameter("workflow", context)
        context.audit.note(function: "workflow task", projectKey: projectKey, detail: key, targets: [key])
        let form = state.form
        let ticket = form["approval_ticket"]
        // An emptied field means the parameter's default (a credential's field is always shown empty).
        let params = form.withPrefix("param.").filter { !$0.value.isEmpty }
        let task = try await tasks.run(key, project: projectKey, by: user, params: params, approvalTicketID: ticket.isEmpty ? nil : ticket)
        return WebResponse.redirect(Links.run(projectKey, key, task.taskID))
    }
}
