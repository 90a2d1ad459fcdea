import Foundation
import SlipwayCore

/// Starts a task and follows it over the workflow's task event stream, printing its state changes
/// and every job's log lines as they come, until it ends.
struct TaskFollower: Sendable {
    let api: ServerAPI
    let workflow: String
    let project: String

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
        // Subscribed before the task exists, so none of its changes can be missed.
        while let event = try await events.next(), event.event != "subscribed" {}
        let id = try await api.post("/openapi/workflows/custom/task", body: request, as: RunTaskAnswer.self).task_id
        return try await withThrowingTaskGroup(of: Void.self, returning: String.self) { logs in
            var following = Set<String>()
            var lastID: String?
            var resumes = 0
            while true {
                do {
                    if resumes > 0 { events = try await api.events(eventsPath, lastEventID: lastID).makeAsyncIterator() }
                    while let event = try await events.next() {
                        lastID = event.id ?? lastID
                        for job in try await jobsToFollow(event, task: id) where following.insert(job).inserted {
                            logs.addTask { try await printLog(of: job, task: id) }
                        }
                        if let status = try await finalStatus(event, task: id) {
                            await finish(&logs, count: following.count)
                            say("task \(id) \(status)")
                            return status
                        }
                    }
                } catch let error as ServerAPI.Refused {
                    throw error
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // A broken connection (or a server restarting): resumed from the last event.
                }
                resumes += 1
                guard resumes <= 5 else { throw StreamLost() }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Print what `event` says about task `id`; the jobs whose logs to follow from here.
    private func jobsToFollow(_ event: ServerSentEvent, task id: Int) async throws -> [String] {
        switch event.event {
        case "task", "job":
            let change = try JSONDecoder().decode(ChangeData.self, from: Data(event.data.utf8))
            guard change.task_id == id else { return [] }
            if let job = change.job {
                say("job \(change.stage ?? "")/\(job) \(change.status)")
                return [job]
            }
            if !TaskFollower.finished.contains(change.status) {
                say("task \(id) \(change.status)\(change.reason.map { ": \($0)" } ?? "")")
            }
            return []
        case "resync":
            let resync = try JSONDecoder().decode(ResyncData.self, from: Data(event.data.utf8))
            guard let task = resync.tasks.first(where: { $0.task_id == id }) else { return [] }
            say("task \(id) \(task.status)\(task.reason.map { ": \($0)" } ?? "")")
            return task.jobs.filter { !$0.status.isEmpty }.map(\.job)
        default:
            return []
        }
    }

    static let finished: Set<String> = ["passed", "failed", "timeout", "cancelled", "reject"]

    /// The task's final status when `event` says it ended (a resync without it: read it).
    private func finalStatus(_ event: ServerSentEvent, task id: Int) async throws -> String? {
        switch event.event {
        case "task":
            let change = try JSONDecoder().decode(ChangeData.self, from: Data(event.data.utf8))
            return change.task_id == id && Self.finished.contains(change.status) ? change.status : nil
        case "resync":
            let resync = try JSONDecoder().decode(ResyncData.self, from: Data(event.data.utf8))
            guard !resync.tasks.contains(where: { $0.task_id == id }) else { return nil }
            let path = "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=\(workflow.urlSegment)"
            let status = try await api.get(path, as: TaskDetail.self).status
            return Self.finished.contains(status) ? status : nil
        default:
            return nil
        }
    }

    /// One job's whole log, line by line, until the job ends.
    private func printLog(of job: String, task id: Int) async throws {
        let path = "/openapi/logs/sse/v4/workflow/\(workflow.urlSegment)/\(id)/\(job.urlSegment)/0"
        for try await line in try await api.events(path, lastEventID: "0") {
            say("\(job) | \(line.data)")
        }
    }

    /// Let the `count` log streams end with their jobs (each closes once its job's log is
    /// complete); give up on them after 30 seconds.
    private func finish(_ logs: inout ThrowingTaskGroup<Void, any Error>, count: Int) async {
        struct Deadline: Error {}
        logs.addTask {
            try await Task.sleep(for: .seconds(30))
            throw Deadline()
        }
        var remaining = count
        while remaining > 0, let next = await logs.nextResult() {
            if case .failure(let error) = next, error is Deadline { break }
            remaining -= 1
        }
        logs.cancelAll()
    }
}

/// `data` of a `task` or `job` event.
private struct ChangeData: Decodable {
    let task_id: Int
    let status: String
    let stage: String?
    let job: String?
    let reason: String?
}

/// `data` of a `resync` event.
private struct ResyncData: Decodable {
    struct TaskState: Decodable {
        let task_id: Int
        let status: String
        let reason: String?
        let jobs: [JobState]
    }

    struct JobState: Decodable {
        let job: String
        let status: String
    }

    let tasks: [TaskState]
}

/// The part of a task's detail `slipway run` reads.
private struct TaskDetail: Decodable {
    let status: String
}
