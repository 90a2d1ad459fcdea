/// One run of a workflow: its own copy of the stages, with every status the engine recorded.
package struct WorkflowTask: Sendable, Equatable, Codable {
    package var workflowKey: String
    package var workflowName: String
    package var projectKey: String
    /// Per-workflow sequence: 1, 2, 3…
    package var taskID: Int
    package var status: TaskStatus
    package var creator: String
    package var revoker: String
    package var params: [WorkflowParam]
    package var stages: [StageRun]
    package var createdAt: EpochMillis
    package var startedAt: EpochMillis
    package var endedAt: EpochMillis
    package var error: String
    /// Why the task is not running yet ("concurrency_limit 1 reached by task 12").
    package var pendingReason: String
    package var retryCount: Int
    /// Runtime variables: outputs and statuses of finished jobs (`job.<name>.output.<KEY>` …).
    package var context: [String: String]
    /// Values to mask in logs and details.
    package var secrets: [String]
    /// The workflow's notification settings (`notify_ctls`) when the task was created.
    package var notifyControls: JSONValue
    /// The pre-approval ticket the task was created under, if any.
    package var approvalTicketID: String
    /// What started the task when no person's run call did: `workflow:<project>:<workflow>:<task>`
    /// for a `workflow-trigger` job of that task; nil otherwise.
    package var startedBy: String?

    package init(workflow: Workflow, taskID: Int, creator: String, params: [WorkflowParam], stages: [StageRun], now: EpochMillis = .now()) {
        self.workflowKey = workflow.key
        self.workflowName = workflow.displayName
        self.projectKey = workflow.projectKey
        self.taskID = taskID
        self.status = .created
        self.creator = creator
        self.revoker = ""
        self.params = params
        self.stages = stages
        self.createdAt = now
        self.startedAt = 0
        self.endedAt = 0
        self.error = ""
        self.pendingReason = ""
        self.retryCount = 0
        self.context = [:]
        self.secrets = []
        self.notifyControls = workflow.notifyControls
        self.approvalTicketID = ""
    }

    /// `startedBy` of the tasks this task's `workflow-trigger` jobs start.
    package var startedByThis: String { "workflow:\(projectKey):\(workflowKey):\(taskID)" }

    /// Locate a job by its task name.
    package func jobIndex(named name: String) -> (stage: Int, job: Int)? {
        for (s, stage) in stages.enumerated() {
            if let j = stage.jobs.firstIndex(where: { $0.name == name }) { return (s, j) }
        }
        return nil
    }
}

/// A stage as it runs.
package struct StageRun: Sendable, Equatable, Codable {
    package var name: String
    package var parallel: Bool
    package var status: TaskStatus
    package var startedAt: EpochMillis
    package var endedAt: EpochMillis
    package var error: String
    package var approval: ApprovalRun?
    package var jobs: [JobRun]

    package init(name: String, parallel: Bool, approval: ApprovalRun? = nil, jobs: [JobRun]) {
        self.name = name
        self.parallel = parallel
        self.status = .notStarted
        self.startedAt = 0
        self.endedAt = 0
        self.error = ""
        self.approval = approval
        self.jobs = jobs
    }
}

/// A job as it runs.
package struct JobRun: Sendable, Equatable, Codable {
    /// The job task name, used in log URLs.
    package var name: String
    package var type: JobType
    package var status: TaskStatus
    package var startedAt: EpochMillis
    package var endedAt: EpochMillis
    package var error: String
    /// The definition's spec with the run's job inputs applied, as written otherwise: the engine
    /// decodes it into a `JobPlan` and renders its templates when the job starts.
    package var spec: JSONValue
    package var errorPolicy: ErrorPolicy
    package var retryCount: Int
    package var outputs: [String: String]
    package var approval: ApprovalRun?
    /// Process group of the job's running process, so a restarted server can stop an orphan.
    package var processGroup: Int32?
    package var executePolicy: ExecutePolicy?
    /// Who decided a `manual_check` and how, stored as `<account>:<ignore|reject>`.
    package var errorHandler: String?

    package init(name: String, type: JobType, spec: JSONValue, errorPolicy: ErrorPolicy, approval: ApprovalRun? = nil) {
        self.name = name
        self.type = type
        self.status = .notStarted
        self.startedAt = 0
        self.endedAt = 0
        self.error = ""
        self.spec = spec
        self.errorPolicy = errorPolicy
        self.retryCount = 0
        self.outputs = [:]
        self.approval = approval
    }
}

/// A native approval in progress: the rule and every decision so far.
package struct ApprovalRun: Sendable, Equatable, Codable {
    package var spec: ApprovalSpec
    package var decisions: [Decision]
    package var outcome: ApprovalOutcome

    package struct Decision: Sendable, Equatable, Codable {
        package var userName: String
        package var approve: Bool
        package var comment: String
        package var at: EpochMillis
    }

    package init(spec: ApprovalSpec) {
        self.spec = spec
        self.decisions = []
        self.outcome = .pending
    }

    /// Record a vote; returns the resulting outcome once decided (`approve`/`reject`), nil while open.
    package mutating func decide(user: String, approve: Bool, comment: String, at: EpochMillis = .now()) throws(SlipwayError) -> ApprovalOutcome? {
        guard spec.approveUsers.contains(where: { $0.userName == user }) else {
            throw .failedPrecondition("user \(user) has no authority to Approve")
        }
        guard !decisions.contains(where: { $0.userName == user }) else { throw .failedPrecondition("\(user) have approve already") }
        decisions.append(Decision(userName: user, approve: approve, comment: comment, at: at))
        if !approve {
            outcome = .reject
        } else if decisions.filter(\.approve).count >= max(spec.neededApprovers, 1) {
            outcome = .approve
        }
        return outcome.isDecided ? outcome : nil
    }
}

extension JobRun {
    /// The `manual_check` decision recorded in `errorHandler`, nil while undecided.
    package var errorDecision: ErrorDecision? {
        guard let errorHandler else { return nil }
        return errorHandler.hasSuffix(":\(ErrorDecision.ignore.rawValue)") ? .ignore : .reject
    }
}
