import Hummingbird
import ServiceLifecycle
import SlipwayCore
import SlipwayEngine
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// Zadig §2.13: a job's live log as server-sent events, and its full log as text.
struct LogController {
    let services: ServiceContext
    let access: AccessControl
    var store: Store { services.store }
    var engine: Engine { services.engine }
    var workflows: WorkflowService { WorkflowService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("logs/sse/v4/workflow/:workflowKey/:taskID/:jobTaskName/:lines", use: live)
        group.get("logs/log/v4/workflow/:workflowKey/:taskID/:jobTaskName", use: full)
    }

    /// Tail `lines` lines, then follow the log until the job ends. `Last-Event-ID` resumes after a line.
    @Sendable func live(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try await logKey(context)
        let tail = Int(try ZadigInput.path(context, "lines")) ?? 10
        let after: Int
        if let lastID = request.headers[.init("Last-Event-ID")!].flatMap(Int.init) {
            after = lastID
        } else {
            after = max(engine.logs.lineCount(key) - max(tail, 0), 0)
        }
        // A job that has not begun keeps the stream open until it begins and ends; a job that
        // ended (or never will) gets its log and the stream closes.
        let stream = await engine.logs.subscribe(key, afterLine: after, waitForStart: true)
        if try await willNotBegin(key) { await engine.logs.releasePending(key) }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                // A server shutting down ends the stream instead of waiting for the job: the lines
                // go through a relay that the shutdown handler can finish.
                let (relay, ending) = AsyncStream<LogLine>.makeStream()
                let pump = Task {
                    for await line in stream { ending.yield(line) }
                    ending.finish()
                }
                defer { pump.cancel() }
                try await withGracefulShutdownHandler {
                    for await line in relay {
                        try await writer.write(ByteBuffer(string: "id:\(line.number)\nevent:message\ndata:\(line.text)\n\n"))
                    }
                } onGracefulShutdown: {
                    ending.finish()
                }
                try await writer.finish(nil)
            })
    }

    /// The whole log as plain text ("" when the job has none yet).
    @Sendable func full(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try await logKey(context)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: engine.logs.fullText(key))))
    }

    /// The job is unknown, finished, or its task has ended.
    private func willNotBegin(_ key: LogKey) async throws -> Bool {
        guard let task = try await store.tasks.get(workflowKey: key.workflowKey, taskID: key.taskID),
            let at = task.jobIndex(named: key.jobName)
        else { return true }
        return task.status.isCompleted || task.stages[at.stage].jobs[at.job].status.isCompleted
    }

    private func logKey(_ context: AppRequestContext) async throws -> LogKey {
        let workflowKey = try ZadigInput.path(context, "workflowKey")
        guard let taskID = Int(try ZadigInput.path(context, "taskID")) else { throw ZadigError.badRequest("taskID must be an integer") }
        let job = try ZadigInput.path(context, "jobTaskName")
        _ = try await workflows.workflow(workflowKey, project: nil, user: access.identity(context).user, action: "get_workflow")
        return LogKey(workflowKey: workflowKey, taskID: taskID, jobName: job)
    }
}
