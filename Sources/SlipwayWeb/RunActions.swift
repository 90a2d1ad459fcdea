import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// What the run page's forms do: cancel, retry, approve or reject. Each goes through the task
/// service (its permission checks) and is noted for the operation log.
extension WebPages {
    /// The run named by the path, once the caller may read it there (a run of another project's
    /// workflow under this project's path is not found).
    func runTarget(_ request: Request, _ context: AppRequestContext) async throws -> (user: User, project: String, key: String, id: Int) {
        let (user, _) = try signedIn(request)
        let projectKey = try parameter("project", context), key = try parameter("workflow", context)
        guard let id = Int(try parameter("task", context)) else { throw SlipwayError.notFound("no such run") }
        _ = try await tasks.task(key, id: id, project: projectKey, user: user)
        return (user, projectKey, key, id)
    }

    @Sendable func cancelRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await runTarget(request, context)
        context.audit.note(function: "workflow task", projectKey: target.project, detail: "cancel \(target.key) #\(target.id)", targets: [target.key])
        try await tasks.cancel(target.key, id: target.id, by: target.user)
        return WebResponse.redirect(Links.run(target.project, target.key, target.id))
    }

    @Sendable func retryRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await runTarget(request, context)
        context.audit.note(function: "workflow task", projectKey: target.project, detail: "retry \(target.key) #\(target.id)", targets: [target.key])
        try await tasks.retry(target.key, id: target.id, project: target.project, by: target.user)
        return WebResponse.redirect(Links.run(target.project, target.key, target.id))
    }

    @Sendable func decideApproval(_ request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await runTarget(request, context)
        let form = state.form
        guard ["approve", "reject"].contains(form["decision"]), !form["name"].isEmpty else {
            throw SlipwayError.invalidInput("choose approve or reject")
        }
        context.audit.note(
            function: "workflow task", projectKey: target.project, detail: "\(form["decision"]) \(target.key) #\(target.id) \(form["name"])",
            targets: [target.key])
        try await tasks.approve(
            target.key, id: target.id, name: form["name"], approve: form["decision"] == "approve", comment: form["comment"], by: target.user)
        return WebResponse.redirect(Links.run(target.project, target.key, target.id))
    }
}
