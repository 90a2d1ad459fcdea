import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Task and job state changes as server-sent events, per workflow and per project, with
/// `Last-Event-ID` resume (issue 12). Events: `subscribed` (first: from here on nothing is missed),
/// `task` (created, waiting with its reason, running, and how it ended), `job` (each job's status),
/// `resync` (the unfinished tasks as stored, when changes were missed).
struct TaskEventController {
    let services: ServiceContext
    let access: AccessControl
    var events: TaskEventService { TaskEventService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workflows/custom/:workflowKey/tasks/events", use: workflow)
        group.get("projects/:projectKey/tasks/events", use: project)
    }

    /// One workflow's tasks; `projectKey` (optional) must be the workflow's project.
    @Sendable func workflow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.path(context, "workflowKey")
        let after = try lastEventID(request)
        let user = try access.identity(context).user
        let scope = try await events.scope(workflow: key, project: ZadigInput.query(request, "projectKey"), user: user)
        return stream(scope, after: after)
    }

    /// Every workflow's tasks in one project.
    @Sendable func project(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.path(context, "projectKey")
        let after = try lastEventID(request)
        let user = try access.identity(context).user
        return stream(try await events.scope(project: key, user: user), after: after)
    }

    private func stream(_ scope: TaskEventScope, after: Int?) -> Response {
        let events = self.events
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: ResponseBody { writer in
                let encoder = JSONEncoder()
                // The same change reads the same on every stream (and on a replay).
                encoder.outputFormatting = .sortedKeys
                do {
                    try await events.follow(scope, after: after) { message in
                        try await writer.write(ByteBuffer(string: try message.serverSentEvent(encoder: encoder)))
                    }
                } catch is CancellationError {}
                try await writer.finish(nil)
            })
    }

    /// Where to resume: the `Last-Event-ID` header (or `lastEventId` query, for a first connect).
    private func lastEventID(_ request: Request) throws -> Int? {
        guard let raw = request.headers[.init("Last-Event-ID")!] ?? ZadigInput.query(request, "lastEventId") else { return nil }
        guard let id = Int(raw.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw ZadigError.badRequest("Last-Event-ID must be a non-negative integer, got \(raw)")
        }
        return id
    }
}
