import Foundation
import SlipwayCore
import SlipwayEngine

/// Which tasks a follower of the task event stream sees.
package enum TaskEventScope: Hashable, Sendable {
    /// Every task of one workflow.
    case workflow(String)
    /// Every task of every workflow of one project.
    case project(String)

    func contains(_ change: TaskStateChange) -> Bool {
        switch self {
        case .workflow(let key): change.workflowKey == key
        case .project(let key): change.projectKey == key
        }
    }
}

/// One task or job state change as the task event stream sends it, numbered by the feed.
package struct TaskStateChange: Sendable, Equatable {
    /// A change of the task itself or of one of its jobs.
    package enum Kind: String, Sendable { case task, job }

    /// Increases by one with every change the feed records (across all workflows).
    package var id: Int
    package var kind: Kind
    package var workflowKey: String
    package var projectKey: String
    package var taskID: Int
    /// The task's status (`created`, `waiting`, `running`, `passed`, …) or the job's.
    package var status: TaskStatus
    /// The job's stage and name; empty for a task change.
    package var stage: String
    package var job: String
    /// Why the task waits; empty unless `status` is `waiting`.
    package var reason: String
    /// When the feed recorded the change, in seconds since 1970.
    package var time: Int64

    /// The changes a domain event carries, not yet numbered (`id` 0); none for other events.
    static func changes(of event: DomainEvent, at time: Int64) -> [TaskStateChange] {
        func change(_ task: WorkflowTask, _ kind: Kind, _ status: TaskStatus, stage: String = "", job: String = "", reason: String = "")
            -> TaskStateChange
        {
            TaskStateChange(
                id: 0, kind: kind, workflowKey: task.workflowKey, projectKey: task.projectKey, taskID: task.taskID, status: status,
                stage: stage, job: job, reason: reason, time: time)
        }
        switch event {
        case .task(let task, let event):
            return [change(task, .task, TaskStatus(rawValue: event.rawValue) ?? task.status)]
        case .taskWaiting(let task, let reason):
            return [change(task, .task, .waiting, reason: reason)]
        case .taskCancelledWhileWaiting(let task):
            return [change(task, .task, .cancelled)]
        case .jobs(let task, let jobs):
            return jobs.map { change(task, .job, $0.status, stage: $0.stage, job: $0.job) }
        default:
            return []
        }
    }
}

/// What a follower of the task event stream is sent, in order.
package enum TaskFeedMessage: Sendable {
    /// The follower is registered: every change after `id` reaches it (sent first, once). `id` is
    /// where it starts (the resume point it asked for, else the last change so far), so a client
    /// that loses the stream before any change resumes from it with nothing missed.
    case subscribed(id: Int)
    /// A state change newer than the last one sent.
    case change(TaskStateChange)
    /// Changes were missed (the resume point fell out of the feed's memory, or the follower fell
    /// behind): the unfinished tasks of the scope as stored now. `id` is the last change it covers.
    case resync(id: Int, tasks: [WorkflowTask])
    /// Nothing happened for a while; sent so proxies keep the stream open.
    case heartbeat
}
