import SlipwayCore
import SlipwayServices

/// The answers of `/api/flow/*` as the Serverless Devs dialect writes them (snake_case and
/// camelCase exactly as the seed shows them).

/// `{taskId, commit, message, ref, completed, status, trigger}`: one task of an application.
struct TaskSummaryDTO: Encodable, Sendable {
    var taskId: String
    var commit: String
    var message: String
    var ref: String
    var completed: Bool
    var status: String
    var trigger: String

    /// `status` is the task's, nil while the dispatch has none yet.
    init(_ dispatch: ServerlessDispatch, status: TaskStatus?) {
        let status = status ?? .waiting
        taskId = ApplicationRunner.taskID(appID: dispatch.appID, taskNumber: dispatch.taskNumber)
        commit = dispatch.commit
        message = dispatch.message
        ref = dispatch.ref
        completed = status.isCompleted
        self.status = SDevs.status(status)
        trigger = dispatch.eventName
    }
}

/// `GET /api/flow/task/detail`: the summary plus the trigger payload, step results and error.
struct TaskDetailDTO: Encodable, Sendable {
    var summary: TaskSummaryDTO
    var appId: String
    var triggerPayload: JSONValue
    var steps: JSONValue
    var error: String

    enum CodingKeys: String, CodingKey { case appId, trigger_payload, steps, error }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appId, forKey: .appId)
        try c.encode(triggerPayload, forKey: .trigger_payload)
        try c.encode(steps, forKey: .steps)
        try c.encode(error, forKey: .error)
    }
}

/// An application; secret values and webhook secrets are masked, never sent.
struct ApplicationDTO: Encodable, Sendable {
    static let mask = "******"

    var id: String
    var createdTime: EpochMillis
    var updatedTime: EpochMillis
    /// `null` when the application never ran.
    var latestTask: TaskSummaryDTO?
    var owner: String
    var provider: String
    var providerRepoID: String
    var repoName: String
    var repoURL: String
    var secrets: [String: String]
    var triggerSpec: JSONValue
    var userID: String
    var description: String

    init(_ app: ServerlessApplication, latestTask: TaskSummaryDTO?) {
        var spec = app.triggerSpec
        for (name, section) in spec.object where !section["secret"].isNull {
            var masked = section
            masked["secret"] = .string(Self.mask)
            spec[name] = masked
        }
        id = String(app.id)
        createdTime = app.createdAt
        updatedTime = app.updatedAt
        self.latestTask = latestTask
        owner = app.owner
        provider = app.provider
        providerRepoID = app.providerRepoID
        repoName = app.repo
        repoURL = app.repoURL
        secrets = app.secrets.mapValues { _ in Self.mask }
        triggerSpec = spec
        userID = app.userID
        description = app.description
    }

    enum CodingKeys: String, CodingKey {
        case id, created_time, updated_time, latest_task, owner, provider, provider_repo_id, repo_name, repo_url, secrets,
            trigger_spec, user_id, description
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(createdTime, forKey: .created_time)
        try c.encode(updatedTime, forKey: .updated_time)
        try c.encode(latestTask, forKey: .latest_task)  // an explicit null, not a missing key
        try c.encode(owner, forKey: .owner)
        try c.encode(provider, forKey: .provider)
        try c.encode(providerRepoID, forKey: .provider_repo_id)
        try c.encode(repoName, forKey: .repo_name)
        try c.encode(repoURL, forKey: .repo_url)
        try c.encode(secrets, forKey: .secrets)
        try c.encode(triggerSpec, forKey: .trigger_spec)
        try c.encode(userID, forKey: .user_id)
        try c.encode(description, forKey: .description)
    }
}

/// `{taskId, commit, ref}`: what a dispatch started.
struct StartedDTO: Encodable, Sendable {
    var taskId: String
    var commit: String
    var ref: String

    init(_ dispatch: ServerlessDispatch) {
        taskId = ApplicationRunner.taskID(appID: dispatch.appID, taskNumber: dispatch.taskNumber)
        commit = dispatch.commit
        ref = dispatch.ref
    }
}

/// `{taskId}`: the task a cancel reached.
struct TaskIDDTO: Encodable, Sendable {
    var taskId: String
}

/// `{id}`: the application created or removed.
struct ApplicationIDDTO: Encodable, Sendable {
    var id: String
}
