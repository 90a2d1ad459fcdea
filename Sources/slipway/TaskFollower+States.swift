import Foundation
import SlipwayCore

/// What one event of the stream says about the followed task.
enum TaskUpdate {
    /// A `task` or `job` change of the task.
    case change(ChangeData)
    /// A `resync` listing the task: its stored state.
    case resync(ResyncData.TaskState)
    /// A `resync` without the task: it is no longer unfinished.
    case gone
    /// The task's stored detail, read after a resync without it.
    case stored(TaskDetail)

    /// The update `event` carries for task `id`; nil for other tasks and other events.
    init?(_ event: ServerSentEvent, task id: Int) throws {
        switch event.event {
        case "task", "job":
            let change = try JSONDecoder().decode(ChangeData.self, from: Data(event.data.utf8))
            guard change.task_id == id else { return nil }
            self = .change(change)
        case "resync":
            let resync = try JSONDecoder().decode(ResyncData.self, from: Data(event.data.utf8))
            self = resync.tasks.first { $0.task_id == id }.map(TaskUpdate.resync) ?? .gone
        default:
            return nil
        }
    }

    /// The task's final status when this update says it ended.
    var finalStatus: String? {
        switch self {
        case .change(let change): change.job == nil && TaskFollower.finished.contains(change.status) ? change.status : nil
        case .stored(let detail): TaskFollower.finished.contains(detail.status) ? detail.status : nil
        case .resync, .gone: nil
        }
    }
}

/// The task's and its jobs' states as last printed, so a state repeated by a resync (or by the
/// stored detail read after one) is not printed twice.
struct ShownStates {
    private var shown: [String: String] = [:]

    /// A job the stored state shows as begun (not yet begun reads "" or `created`).
    static func hasStarted(_ status: String) -> Bool { !["", "created"].contains(status) }

    /// Print `subject state` unless it is what was last printed for `subject`.
    mutating func show(_ subject: String, _ state: String) {
        guard shown[subject] != state else { return }
        shown[subject] = state
        say("\(subject) \(state)")
    }

    /// Print what `update` says (the task's end is printed by the follower, after the logs); the
    /// jobs whose logs to follow from here.
    mutating func apply(_ update: TaskUpdate, task id: Int) -> [String] {
        switch update {
        case .change(let change):
            if let job = change.job {
                show("job \(change.stage ?? "")/\(job)", change.status)
                return [job]
            }
            if !TaskFollower.finished.contains(change.status) {
                show("task \(id)", change.status + (change.reason.map { ": \($0)" } ?? ""))
            }
            return []
        case .resync(let task):
            // As on a `task` event, the reason goes with `waiting` only (a running task may say
            // which approval it waits for).
            show("task \(id)", task.status + (task.status == "waiting" ? task.reason.map { ": \($0)" } ?? "" : ""))
            let started = task.jobs.filter { Self.hasStarted($0.status) }
            for job in started { show("job \(job.stage)/\(job.job)", job.status) }
            return started.map(\.job)
        case .stored(let detail):
            let started = detail.stages.flatMap { stage in stage.jobs.filter { Self.hasStarted($0.status) }.map { (stage.name, $0) } }
            for (stage, job) in started { show("job \(stage)/\(job.name)", job.status) }
            if !TaskFollower.finished.contains(detail.status) { show("task \(id)", detail.status) }
            return started.map(\.1.name)
        case .gone:
            return []
        }
    }
}
