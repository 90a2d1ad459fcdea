import SlipwayCore

/// `GET /openapi/workflows/custom/task` response: the task with its stages and jobs; secrets masked.
struct TaskDetailResponse: Encodable {
    let task_id: Int
    let workflow_key: String
    let workflow_name: String
    let project_key: String
    let params: [ParamDTO]
    let status: String
    let reverted = false
    let remark = ""
    let task_creator: String
    let task_revoker: String
    let create_time: Int64
    let start_time: Int64
    let end_time: Int64
    let error: String
    /// Why a `waiting` task has not started (Slipway addition).
    let pending_reason: String
    let is_restart: Bool
    let retry_num: Int
    let debug = false
    let approval_ticket_id: String
    let approval_id = ""
    let stages: [Stage]

    struct Stage: Encodable {
        let name: String
        let status: String
        let start_time: Int64
        let end_time: Int64
        let parallel: Bool
        let error: String
        let approval: ApprovalDTO?
        let jobs: [Job]
    }

    struct Job: Encodable {
        let name: String
        let key: String
        let display_name: String
        let origin_name: String
        let type: String
        let status: String
        let reverted = false
        let start_time: Int64
        let end_time: Int64
        let cost_seconds: Int64
        let error: String
        let breakpoint_before = false
        let breakpoint_after = false
        let spec: JSONValue
        let error_policy: ErrorPolicyDTO
        let retry_count: Int
        let error_handler_username: String
        let outputs: [Output]
        let approval: ApprovalDTO?
    }

    struct Output: Encodable {
        let name: String
        let value: String
    }

    struct ErrorPolicyDTO: Encodable {
        let policy: String
        let maximum_retry: Int
        let approval_users: [String]
    }

    /// `testResults`: the cases the task's `zadig-test` jobs recorded, shown as their `test_report`.
    /// `scanResults`: what its `zadig-scanning` jobs recorded (quality gate and report).
    init(_ t: WorkflowTask, testResults: [TestCaseResult] = [], scanResults: [ScanResult] = []) {
        let masker = SecretMasker(t.secrets)
        task_id = t.taskID
        workflow_key = t.workflowKey
        workflow_name = t.workflowName
        project_key = t.projectKey
        params = t.params.map { ParamDTO($0, masked: true) }
        status = t.status.rawValue
        task_creator = t.creator
        task_revoker = t.revoker
        create_time = t.createdAt.seconds
        start_time = t.startedAt.seconds
        end_time = t.endedAt.seconds
        error = masker.mask(t.error)
        pending_reason = t.pendingExplanation
        is_restart = t.retryCount > 0
        retry_num = t.retryCount
        approval_ticket_id = t.approvalTicketID
        stages = t.stages.map { stage in
            Stage(
                name: stage.name, status: stage.status.rawValue, start_time: stage.startedAt.seconds,
                end_time: stage.endedAt.seconds, parallel: stage.parallel, error: stage.error,
                approval: stage.approval.map(ApprovalDTO.init),
                jobs: stage.jobs.map { job in
                    Job(
                        name: job.name, key: job.name, display_name: job.name, origin_name: job.name, type: job.type.rawValue,
                        status: TaskJobSpec.status(job, stage: stage, task: t), start_time: job.startedAt.seconds, end_time: job.endedAt.seconds,
                        cost_seconds: job.startedAt > 0 && job.endedAt >= job.startedAt ? (job.endedAt - job.startedAt) / 1000 : 0,
                        error: masker.mask(job.error),
                        spec: Self.masked(
                            TaskJobSpec.shaped(
                                job.spec, type: job.type, job: job.name, testResults: testResults, scanResults: scanResults,
                                outputs: job.outputs), masker),
                        error_policy: ErrorPolicyDTO(
                            policy: job.errorPolicy.policy.rawValue, maximum_retry: job.errorPolicy.maximumRetry,
                            approval_users: job.errorPolicy.approvalUsers),
                        retry_count: job.retryCount,
                        error_handler_username: job.errorHandler.map { String($0.prefix { $0 != ":" }) } ?? "",
                        outputs: job.outputs.sorted { $0.key < $1.key }.map { Output(name: $0.key, value: masker.mask($0.value)) },
                        approval: job.approval.map(ApprovalDTO.init))
                })
        }
    }

    /// Credential values (envs, plugin inputs, at any depth) are shown as `***`; known secrets masked everywhere.
    static func masked(_ spec: JSONValue, _ masker: SecretMasker) -> JSONValue {
        CredentialMask.masked(spec.mapStrings(masker.mask))
    }
}

/// A native approval as task detail shows it.
struct ApprovalDTO: Encodable {
    let enabled = true
    let type = "native"
    let approve_users: [User]
    let timeout: Int
    let needed_approvers: Int
    let description: String
    let reject_or_approve: String

    struct User: Encodable {
        let user_name: String
        let reject_or_approve: String
        let comment: String
        let operation_time: Int64
    }

    init(_ a: ApprovalRun) {
        approve_users = a.spec.approveUsers.map { approver in
            let decision = a.decisions.first { $0.userName == approver.userName }
            return User(
                user_name: approver.userName, reject_or_approve: decision.map { $0.approve ? "approve" : "reject" } ?? "",
                comment: decision?.comment ?? "", operation_time: decision?.at.seconds ?? 0)
        }
        timeout = a.spec.timeoutMinutes
        needed_approvers = a.spec.neededApprovers
        description = a.spec.description
        reject_or_approve = a.outcome.rawValue
    }
}
