/// `data` of a `task` or `job` event.
struct ChangeData: Decodable {
    let task_id: Int
    let status: String
    let stage: String?
    let job: String?
    let reason: String?
}

/// `data` of a `resync` event.
struct ResyncData: Decodable {
    struct TaskState: Decodable {
        let task_id: Int
        let status: String
        let reason: String?
        let jobs: [JobState]
    }

    struct JobState: Decodable {
        let stage: String
        let job: String
        let status: String
    }

    let tasks: [TaskState]
}

/// The part of a task's detail `slipway run` reads: its status and every job's.
struct TaskDetail: Decodable {
    struct Stage: Decodable {
        let name: String
        let jobs: [Job]
    }

    struct Job: Decodable {
        let name: String
        let status: String
    }

    let status: String
    let stages: [Stage]
}
