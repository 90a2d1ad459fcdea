import SlipwayCore
import SlipwayStore

/// One CD task execution as it runs, and the Spinnaker-shaped document it leaves
/// (`TaskExecutionJsonContent`): an `ORCHESTRATION` with one stage per job, each with one task,
/// `SUCCEEDED`, or `TERMINAL` with the reason in the stage's `context.exception`. CD tasks and
/// the pipeline writes (`savePipeline`, `reorderPipelines`) leave one.
struct CdTaskRun {
    let application: String
    let description: String
    let user: String
    let id = ULID.make()
    let startTime = EpochMillis.now()
    var stages: [JSONValue] = []
    var failed = false

    init(application: String, description: String, user: String) {
        self.application = application
        self.description = description
        self.user = user
    }

    /// Run `body` as the run's next job of `type`: a domain error ends it `TERMINAL` with the reason.
    mutating func job(_ type: String, _ body: () async throws -> Void) async throws {
        let started = EpochMillis.now()
        do {
            try await body()
            finish(type, started: started, failure: nil)
        } catch let error as SlipwayError {
            finish(type, started: started, failure: error.detail)
        }
    }

    mutating func finish(_ type: String, started: EpochMillis, failure: String?) {
        let ended = EpochMillis.now()
        let status = failure == nil ? "SUCCEEDED" : "TERMINAL"
        if failure != nil { failed = true }
        var context: [String: JSONValue] = [
            "application.name": .string(application), "user": .string(user), "refId": .string("\(stages.count)"), "requisiteStageRefIds": .array([]),
        ]
        if let failure { context["exception"] = .object(["details": .object(["errors": .array([.string(failure)])])]) }
        stages.append(
            SpinnakerStage.make(
                id: ULID.make(), refID: .string("\(stages.count)"), requisites: .array([]), type: .string(type), name: .string(type), status: status,
                started: started, ended: ended, context: context))
    }

    var status: String { failed ? "TERMINAL" : "SUCCEEDED" }

    var execution: CdTaskExecution {
        let end = EpochMillis.now()
        let name = description
        let execution: JSONValue = .object([
            "id": .string(id), "type": .string("ORCHESTRATION"), "application": .string(application), "description": .string(name),
            "buildTime": .number(Double(startTime)), "startTime": .number(Double(startTime)), "endTime": .number(Double(end)),
            "status": .string(status), "canceled": .bool(false), "origin": .string("api"), "initialConfig": .object([:]),
            "keepWaitingPipelines": .bool(false), "limitConcurrent": .bool(false), "notifications": .array([]),
            "systemNotifications": .array([]), "stages": .array(stages),
            "authentication": .object(["allowedAccounts": .array([]), "user": .string(user)]),
            "trigger": .object(["type": .string("manual"), "user": .string(user), "parameters": .object([:]), "dryRun": .bool(false)]),
        ])
        let document: JSONValue = .object([
            "id": .string(id), "name": .string(name), "application": .string(application), "status": .string(status),
            "buildTime": .number(Double(startTime)), "startTime": .number(Double(startTime)), "endTime": .number(Double(end)),
            "execution": execution, "steps": .array(stages.flatMap { $0["tasks"].array }), "variables": .array([]),
        ])
        return CdTaskExecution(id: id, application: application, status: status, createdBy: user, document: document, createdAt: startTime)
    }
}
