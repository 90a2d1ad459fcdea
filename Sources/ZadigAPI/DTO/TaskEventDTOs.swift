import Foundation
import SlipwayCore
import SlipwayServices

/// `data` of a `task` or `job` event of the task event stream: what changed, nothing more.
struct TaskEventDTO: Encodable {
    let workflow_key: String
    let project_key: String
    let task_id: Int
    let status: String
    /// The job's stage and name (job events only).
    let stage: String?
    let job: String?
    /// Why the task waits (`waiting` only).
    let reason: String?
    /// When the change was recorded, in seconds.
    let time: Int64

    init(_ change: TaskStateChange) {
        workflow_key = change.workflowKey
        project_key = change.projectKey
        task_id = change.taskID
        status = change.status.rawValue
        stage = change.kind == .job ? change.stage : nil
        job = change.kind == .job ? change.job : nil
        reason = change.status == .waiting ? change.reason : nil
        time = change.time
    }
}

/// `data` of a `resync` event: the unfinished tasks of the stream's workflow or project as stored.
struct TaskResyncDTO: Encodable {
    let tasks: [TaskStateDTO]
}

/// One unfinished task in a resync: its status, why it waits, and every job's status.
struct TaskStateDTO: Encodable {
    let workflow_key: String
    let project_key: String
    let task_id: Int
    let status: String
    let reason: String?
    let jobs: [JobStateDTO]

    init(_ task: WorkflowTask) {
        workflow_key = task.workflowKey
        project_key = task.projectKey
        task_id = task.taskID
        status = task.status.rawValue
        reason = task.pendingReason.isEmpty ? nil : task.pendingReason
        jobs = task.stages.flatMap { stage in
            stage.jobs.map { JobStateDTO(stage: stage.name, job: $0.name, status: $0.status.rawValue) }
        }
    }
}

struct JobStateDTO: Encodable {
    let stage: String
    let job: String
    let status: String
}

extension TaskFeedMessage {
    /// The message's wire form on the task event stream.
    func serverSentEvent(encoder: JSONEncoder) throws -> String {
        switch self {
        case .subscribed(let id):
            // `retry`: how long a browser's EventSource waits before it reconnects. The id is where
            // the stream starts: a reconnect before any change resumes from it.
            return "retry:2000\n" + ServerSentEvent(id: String(id), event: "subscribed", data: "{}").encoded
        case .change(let change):
            let data = String(decoding: try encoder.encode(TaskEventDTO(change)), as: UTF8.self)
            return ServerSentEvent(id: String(change.id), event: change.kind.rawValue, data: data).encoded
        case .resync(let id, let tasks):
            let data = String(decoding: try encoder.encode(TaskResyncDTO(tasks: tasks.map(TaskStateDTO.init))), as: UTF8.self)
            return ServerSentEvent(id: String(id), event: "resync", data: data).encoded
        case .heartbeat:
            return ServerSentEvent.comment("keep-alive")
        }
    }
}
