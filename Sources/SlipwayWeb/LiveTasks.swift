import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// What lets the run page and a workflow's run list follow the task event stream (issue 12):
/// the stream's address and the status labels as data attributes for the live script, and one
/// run's row, rendered as the list renders it, for the script to put in when a run appears.
extension WebPages {
    static let liveTasksScript = "\(WebRoutes.prefix)/assets/live-tasks.js"

    /// The attributes of an element that follows workflow `key`'s task event stream from change
    /// `after` on (read before the page's data, so the replay covers whatever changed since), with
    /// the label of every status as the server writes it.
    func liveTasks(workflow key: String, project: String, after: Int) -> HTML {
        let stream = "/openapi/workflows/custom/\(HTML.component(key))/tasks/events?projectKey=\(HTML.component(project))&lastEventId=\(after)"
        return " data-task-events=\"\(stream)\" data-status-labels=\"\(WebFormat.statusLabels)\""
    }

    /// The run page's attributes: an unfinished run follows its workflow's stream, filtered to
    /// the run by the script; a finished one has nothing to wait for.
    func liveRun(_ task: WorkflowTask, project: String, after: Int) -> HTML {
        guard !task.status.isCompleted else { return .empty }
        let stream = liveTasks(workflow: task.workflowKey, project: project, after: after)
        return "\(stream) data-task-id=\"\(task.taskID)\" data-approval-reload=\"\(strings(.approvalReload))\""
    }

    /// One run's row of the workflow page, as that page renders it. Only a run on the newest
    /// page has one: the script asks for the runs that start while the list is open.
    @Sendable func runRowFragment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try signedIn(request)
        let projectKey = try parameter("project", context), key = try parameter("workflow", context)
        guard let id = Int(try parameter("task", context)) else { throw SlipwayError.notFound("no such run") }
        let runs = try await tasks.runs(of: key, project: projectKey, page: 1, pageSize: Self.runsPerPage, user: user)
        guard let run = runs.items.first(where: { $0.summary.taskID == id }) else { throw SlipwayError.notFound("no such run") }
        return WebResponse.page(runRow(run, project: projectKey, user: user))
    }
}
