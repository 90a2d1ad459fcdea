import SlipwayCore
import SlipwayStore

/// One CD task execution as it runs, and the Spinnaker-shaped document it leaves
/// (`TaskExecutionJsonContent`): an `ORCHESTRATION` with one stage per job, each with one task,
/// `SUCCEEDED`, or `TERMINAL` with the reason in the stage's `context.exception`.
struct CdTaskRun {
    let task: CdTaskDocument
    let user: String
    let id = ULID.make()
    let startTime = EpochMillis.now()
    var stages: [JSONValue] = []
    var failed = false

    init(task: CdTaskDocument, user: String) {
        self.task = task
        self.user = user
    }

    mutating func finish(_ job: CdTaskDocument.Job, started: EpochMillis, failure: String?) {
        let ended = EpochMillis.now()
        let status = failure == nil ? "SUCCEEDED" : "TERMINAL"
        if failure != nil { failed = true }
        var context: [String: JSONValue] = [
            "application.name": .string(job.name), "user": .string(user), "refId": .string("\(stages.count)"), "requisiteStageRefIds": .array([]),
        ]
        if let failure { context["exception"] = .object(["details": .object(["errors": .array([.string(failure)])])]) }
        let step: JSONValue = .object([
            "id": .string("1"), "name": .string(job.type.rawValue), "startTime": .number(Double(started)), "endTime": .number(Double(ended)),
            "status": .string(status), "stageStart": .bool(true), "stageEnd": .bool(true),
        ])
        stages.append(
            .object([
                "id": .string(ULID.make()), "refId": .string("\(stages.count)"), "requisiteStageRefIds": .array([]), "type": .string(job.type.rawValue),
                "name": .string(job.type.rawValue), "startTime": .number(Double(started)), "endTime": .number(Double(ended)),
                "status": .string(status), "context": .object(context), "outputs": .object([:]), "tasks": .array([step]),
            ]))
    }

    var status: String { failed ? "TERMINAL" : "SUCCEEDED" }

    var execution: CdTaskExecution {
        let end = EpochMillis.now()
        let name = task.description.isEmpty ? "\(task.jobs[0].type.rawValue): \(task.application)" : task.description
        let execution: JSONValue = .object([
            "id": .string(id), "type": .string("ORCHESTRATION"), "application": .string(task.application), "description": .string(name),
            "buildTime": .number(Double(startTime)), "startTime": .number(Double(startTime)), "endTime": .number(Double(end)),
            "status": .string(status), "canceled": .bool(false), "origin": .string("api"), "initialConfig": .object([:]),
            "keepWaitingPipelines": .bool(false), "limitConcurrent": .bool(false), "notifications": .array([]),
            "systemNotifications": .array([]), "stages": .array(stages),
            "authentication": .object(["allowedAccounts": .array([]), "user": .string(user)]),
            "trigger": .object(["type": .string("manual"), "user": .string(user), "parameters": .object([:]), "dryRun": .bool(false)]),
        ])
        let document: JSONValue = .object([
            "id": .string(id), "name": .string(name), "application": .string(task.application), "status": .string(status),
            "buildTime": .number(Double(startTime)), "startTime": .number(Double(startTime)), "endTime": .number(Double(end)),
            "execution": execution, "steps": .array(stages.flatMap { $0["tasks"].array }), "variables": .array([]),
        ])
        return CdTaskExecution(id: id, application: task.application, status: status, createdBy: user, document: document, createdAt: startTime)
    }
}
