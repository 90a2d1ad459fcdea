/// One run of a workflow: its own copy of the stages, with every status the engine recorded.
public struct WorkflowTask: Sendable, Equatable, Codable {
    public var workflowKey: String
    public var workflowName: String
    public var projectKey: String
    /// Per-workflow sequence: 1, 2, 3…
    public var taskID: Int
    public var status: TaskStatus
    public var creator: String
    public var revoker: String
    public var params: [WorkflowParam]
    public var stages: [StageRun]
    public var createdAt: EpochMillis
    public var startedAt: EpochMillis
    public var endedAt: EpochMillis
    public var error: String
    /// Why the task is not running yet ("concurrency_limit 1 reached by task 12").
    public var pendingReason: String
    public var retryCount: Int
    /// Runtime variables: outputs and statuses of finished jobs (`job.<name>.output.<KEY>` …).
    public var context: [String: String]
    /// Values to mask in logs and details.
    public var secrets: [String]
    /// The workflow's notification settings (`notify_ctls`) when the task was created.
    public var notifyControls: JSONValue
    /// The pre-approval ticket the task was created under, if any.
    public var approvalTicketID: String

    public init(workflow: Workflow, taskID: Int, creator: String, params: [WorkflowParam], stages: [StageRun], now: EpochMillis = .now()) {
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

    /// Locate a job by its task name.
    public func jobIndex(named name: String) -> (stage: Int, job: Int)? {
        for (s, stage) in stages.enumerated() {
            if let j = stage.jobs.firstIndex(where: { $0.name == name }) { return (s, j) }
        }
        return nil
    }
}

/// A stage as it runs.
public struct StageRun: Sendable, Equatable, Codable {
    public var name: String
    public var parallel: Bool
    public var status: TaskStatus
    public var startedAt: EpochMillis
    public var endedAt: EpochMillis
    public var error: String
    public var approval: ApprovalRun?
    public var jobs: [JobRun]

    public init(name: String, parallel: Bool, approval: ApprovalRun? = nil, jobs: [JobRun]) {
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
public struct JobRun: Sendable, Equatable, Codable {
    /// The job task name, used in log URLs.
    public var name: String
    public var type: JobType
    public var status: TaskStatus
    public var startedAt: EpochMillis
    public var endedAt: EpochMillis
    public var error: String
    /// The definition's spec with the run's job inputs applied, as written otherwise: the engine
    /// decodes it into a `JobPlan` and renders its templates when the job starts.
    public var spec: JSONValue
    public var errorPolicy: ErrorPolicy
    public var retryCount: Int
    public var outputs: [String: String]
    public var approval: ApprovalRun?
    /// Process group of the job's running process, so a restarted server can stop an orphan.
    public var processGroup: Int32?
    public var executePolicy: ExecutePolicy?
    /// Who decided a `manual_check` and how, stored as `<account>:<ignore|reject>`.
    public var errorHandler: String?

    public init(name: String, type: JobType, spec: JSONValue, errorPolicy: ErrorPolicy, approval: ApprovalRun? = nil) {
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
public struct ApprovalRun: Sendable, Equatable, Codable {
    public var spec: ApprovalSpec
    public var decisions: [Decision]
    public var outcome: ApprovalOutcome

    public struct Decision: Sendable, Equatable, Codable {
        public var userName: String
        public var approve: Bool
        public var comment: String
        public var at: EpochMillis
    }

    public init(spec: ApprovalSpec) {
        self.spec = spec
        self.decisions = []
        self.outcome = .pending
    }

    /// Record a vote; returns the resulting outcome once decided (`approve`/`reject`), nil while open.
    public mutating func decide(user: String, approve: Bool, comment: String, at: EpochMillis = .now()) throws(SlipwayError) -> ApprovalOutcome? {
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
    public var errorDecision: ErrorDecision? {
        guard let errorHandler else { return nil }
        return errorHandler.hasSuffix(":\(ErrorDecision.ignore.rawValue)") ? .ignore : .reject
    }
}
