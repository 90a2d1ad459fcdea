import Foundation
import SlipwayCore

/// Starts a task and follows it over the workflow's task event stream, printing its state changes
/// and every job's log lines as they come, until it ends.
///
/// A broken stream (a dropped connection, a server restarting) is resumed with `Last-Event-ID`:
/// the server replays exactly the missed changes, or sends a `resync` of the stored state when it
/// no longer has them. Every state is printed once, whichever way it arrived.
struct TaskFollower: Sendable {
    let api: ServerAPI
    let workflow: String
    let project: String

    /// How many times in a row a broken stream is resumed before giving up.
    static let maximumResumes = 5

    /// The resumes left to a stream: spent one by one as it breaks off, back to the full count
    /// whenever it delivers something.
    struct Resumes {
        private(set) var failures = 0

        mutating func delivered() { failures = 0 }

        /// One more break: waits a second before the resume, or gives up after too many in a row.
        mutating func brokeOff() async throws {
            failures += 1
            guard failures <= TaskFollower.maximumResumes else { throw StreamLost() }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// The stream broke off more often than it could be resumed.
    struct StreamLost: Error, CustomStringConvertible {
        var description: String { "the task event stream broke off and could not be resumed" }
    }

    private var eventsPath: String {
        "/openapi/workflows/custom/\(workflow.urlSegment)/tasks/events?projectKey=\(project.urlSegment)"
    }

    /// Run the task; its final status once it ended and its logs are printed.
    func run(_ request: RunTaskBody) async throws -> String {
        var events = try await api.events(eventsPath).makeAsyncIterator()
        // Subscribed before the task exists, so none of its changes can be missed; the
        // subscription's id is where a resume before the first change starts.
        var subscribedAt: String?
        while let event = try await events.next() {
            guard event.event == "subscribed" else { continue }
            subscribedAt = event.id
            break
        }
        let id = try await api.post("/openapi/workflows/custom/task", body: request, as: RunTaskAnswer.self).task_id
        return try await withThrowingTaskGroup(of: Void.self, returning: String.self) { logs in
            var following = Set<String>()
            var shown = ShownStates()
            var lastID = subscribedAt
            var resumes = Resumes()
            while true {
                do {
                    if resumes.failures > 0 {
                        // Resumed from the last numbered event (at first the subscription's). A
                        // server without ids gets "0": older than any it keeps, so a resync.
                        events = try await api.events(eventsPath, lastEventID: lastID ?? "0").makeAsyncIterator()
                    }
                    while let event = try await events.next() {
                        if let eventID = event.id {
                            // Any numbered event (another task's too) is a place to resume from.
                            lastID = eventID
                            resumes.delivered()
                        }
                        guard var update = try TaskUpdate(event, task: id) else { continue }
                        if case .gone = update {
                            // It ended while the stream was down: its stored detail says how.
                            update = .stored(try await detail(of: id))
                        }
                        for job in shown.apply(update, task: id) where following.insert(job).inserted {
                            logs.addTask { try await printLog(of: job, task: id) }
                        }
                        if let status = update.finalStatus {
                            await finish(&logs, count: following.count)
                            say("task \(id) \(status)")
                            return status
                        }
                    }
                } catch let error as ServerAPI.Refused where error.status < 500 {
                    // Refused for good (a revoked token, a deleted workflow); a 5xx of a proxy in
                    // front of a restarting server is retried below.
                    throw error
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // A broken connection (or a server restarting): resumed from the last event.
                }
                try await resumes.brokeOff()
            }
        }
    }

    static let finished: Set<String> = ["passed", "failed", "timeout", "cancelled", "reject"]

    /// The task's stored detail.
    func detail(of id: Int) async throws -> TaskDetail {
        try await api.get("/openapi/workflows/custom/task?taskId=\(id)&workflowKey=\(workflow.urlSegment)", as: TaskDetail.self)
    }
}
