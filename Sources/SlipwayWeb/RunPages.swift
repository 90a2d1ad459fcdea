import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// A run: its stages and jobs, each job's live log, and the approve, cancel and retry forms.
extension WebPages {
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try signedIn(request)
        let projectKey = try parameter("project", context), key = try parameter("workflow", context)
        guard let id = Int(try parameter("task", context)) else { throw SlipwayError.notFound("no such run") }
        // Read before the task: the stream replays every change from here, none falls in between.
        let after = services.taskEvents.lastID
        let task = try await tasks.task(key, id: id, project: projectKey, user: user)
        let mayRun = await overview.may("run_workflow", project: projectKey, user: user)
        let base = Links.run(projectKey, key, id)
        var actions: [HTML] = []
        if mayRun && !task.status.isCompleted {
            actions.append(
                "<form class=\"inline\" method=\"post\" action=\"\(base)/cancel\" data-while-open>\(layout.csrfField)<button type=\"submit\" class=\"danger\">\(strings(.cancelRun))</button></form>"
            )
        }
        if mayRun && task.status.isRetryable {
            actions.append(
                "<form class=\"inline\" method=\"post\" action=\"\(base)/retry\">\(layout.csrfField)<button type=\"submit\">\(strings(.retryRun))</button></form>"
            )
        }
        let reason = task.pendingExplanation
        // Kept (hidden) when empty: the live script shows it when the task starts to wait.
        let pending: HTML = """
            <p class="notice" data-live-pending\(reason.isEmpty ? " hidden" : "")\(task.status == .waiting ? " data-waiting" : "")>\
            <strong>\(strings(.pendingReason))</strong>: <span>\(reason)</span></p>
            """
        // Errors may quote a secret the task knows: masked as in the APIs' answers.
        let masker = SecretMasker(task.secrets)
        let failure: HTML = task.error.isEmpty ? .empty : "<p class=\"notice error\"><strong>\(strings(.error))</strong>: \(masker.mask(task.error))</p>"
        let stages = task.stages.map { stage(task, $0, user: user, layout: layout, base: base) }
        let live = liveRun(task, project: projectKey, after: after)
        let body: HTML = """
            <div class="run"\(live)>
            <h1>\(strings(.runTitle, task.workflowName, String(task.taskID)))</h1>
            <p data-task="\(task.taskID)" data-status="\(task.status.rawValue)"><a href="\(Links.workflow(projectKey, key))">\(task.workflowName)</a> · \(WebFormat.status(task.status)) ·
            \(strings(.creator)): \(task.creator) · \(WebFormat.time(task.createdAt)) · \(WebFormat.liveDuration(start: task.startedAt, end: task.endedAt))</p>
            \(pending)\(failure)
            <div class="actions">\(actions)</div>
            \(stages)
            </div>
            """
        return WebResponse.page(
            layout.page(
                title: strings(.runTitle, task.workflowName, String(task.taskID)), body,
                scripts: ["\(WebRoutes.prefix)/assets/live-log.js", Self.liveTasksScript]))
    }

    func stage(_ task: WorkflowTask, _ stage: StageRun, user: User, layout: Layout, base: String) -> HTML {
        var approval: HTML = .empty
        if let run = stage.approval, stage.startedAt > 0, !stage.status.isCompleted {
            approval = approvalForm(run, name: stage.name, user: user, layout: layout, base: base)
        }
        let jobs = stage.jobs.map { job -> HTML in
            let jobApproval: HTML =
                job.status == .waitForApproval
                ? job.approval.map { approvalForm($0, name: job.name, user: user, layout: layout, base: base) } ?? .empty : .empty
            let failure: HTML = job.error.isEmpty ? .empty : "<p class=\"notice error\">\(SecretMasker(task.secrets).mask(job.error))</p>"
            return """
                <section class="job" aria-label="\(strings(.job)) \(job.name)">
                <h3 data-job-stage="\(stage.name)" data-job-name="\(job.name)" data-status="\(job.status.rawValue)">\(job.name) \(WebFormat.status(job.status)) \
                <small>\(WebFormat.liveDuration(start: job.startedAt, end: job.endedAt))</small></h3>
                \(failure)\(jobApproval)\(job.type == .approval ? .empty : log(task, job))
                </section>
                """
        }
        return """
            <section class="stage" aria-label="\(strings(.stage, stage.name))">
            <h2 data-stage-name="\(stage.name)" data-status="\(stage.status.rawValue)">\(strings(.stage, stage.name)) \(WebFormat.status(stage.status)) \
            <small>\(WebFormat.liveDuration(start: stage.startedAt, end: stage.endedAt))</small></h2>
            \(approval)\(jobs)
            </section>
            """
    }

    /// The job's log: followed live by the script (through the API's event stream), and a link
    /// to the whole log as text, which works without JavaScript.
    func log(_ task: WorkflowTask, _ job: JobRun) -> HTML {
        let path = "\(HTML.component(task.workflowKey))/\(task.taskID)/\(HTML.component(job.name))"
        let live = "/api/aslan/logs/sse/v4/workflow/\(path)/100000"
        let full = "/api/aslan/logs/log/v4/workflow/\(path)"
        return """
            <pre class="log" data-log-src="\(live)" aria-label="\(strings(.liveLog, job.name))" aria-live="polite" tabindex="0">\(strings(.logUnavailable))</pre>
            <p><a href="\(full)">\(strings(.fullLog))</a></p>
            """
    }

    /// Approve or reject, with a comment: shown to the approvers who have not decided yet.
    func approvalForm(_ run: ApprovalRun, name: String, user: User, layout: Layout, base: String) -> HTML {
        let approvers = run.spec.approveUsers.map(\.userName).joined(separator: ", ")
        guard OverviewService.awaitsDecision(run, from: user) else {
            return "<p class=\"notice\">\(strings(.approvalFor, name)) · \(strings(.approvers, approvers))</p>"
        }
        let id = "comment-\(HTML.component(name))"
        return """
            <form class="stack" method="post" action="\(base)/approve" data-while-open>\(layout.csrfField)
            <p class="notice">\(strings(.approvalFor, name)) · \(strings(.approvers, approvers))</p>
            <input type="hidden" name="name" value="\(name)">
            <label for="\(id)">\(strings(.comment))</label>
            <textarea id="\(id)" name="comment" rows="2"></textarea>
            <div class="actions">
            <button type="submit" name="decision" value="approve">\(strings(.approve))</button>
            <button type="submit" name="decision" value="reject" class="danger">\(strings(.reject))</button>
            </div>
            </form>
            """
    }
}
