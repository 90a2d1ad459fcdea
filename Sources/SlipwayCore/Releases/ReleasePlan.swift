/// A release plan (Zadig §9): named jobs, done by hand (`text`) or run as custom workflow tasks
/// (`workflow`), that a manager takes from planning through an optional native approval to
/// execution. Times are Unix seconds, as Zadig answers them; 0 means unset.
package struct ReleasePlan: Sendable, Equatable, Codable {
    package var id: String
    package var index: Int64
    package var name: String
    /// The manager's account and uid: the one (besides administrators) who moves the plan on.
    package var manager: String
    package var managerID: String
    package var description: String
    package var startTime: Int64
    package var endTime: Int64
    package var scheduleExecuteTime: Int64
    package var createdBy: String
    package var createTime: Int64
    package var updatedBy: String
    package var updateTime: Int64
    package var approval: ReleasePlanApproval?
    package var jobs: [ReleaseJob]
    package var status: ReleasePlanStatus
    package var planningTime: Int64 = 0
    package var finishPlanningTime: Int64 = 0
    package var approvalTime: Int64 = 0
    package var executingTime: Int64 = 0
    package var successTime: Int64 = 0
    /// Whether the timer has taken this executing round's `scheduleExecuteTime` (fired or found
    /// it missed); cleared when the plan goes back to planning. Optional: older documents lack it.
    package var scheduleTaken: Bool?

    package init(
        id: String, index: Int64 = 0, name: String, manager: String, managerID: String, description: String = "",
        startTime: Int64 = 0, endTime: Int64 = 0, scheduleExecuteTime: Int64 = 0, createdBy: String, createTime: Int64,
        approval: ReleasePlanApproval? = nil, jobs: [ReleaseJob] = [], status: ReleasePlanStatus = .planning
    ) {
        self.id = id
        self.index = index
        self.name = name
        self.manager = manager
        self.managerID = managerID
        self.description = description
        self.startTime = startTime
        self.endTime = endTime
        self.scheduleExecuteTime = scheduleExecuteTime
        self.createdBy = createdBy
        self.createTime = createTime
        self.updatedBy = createdBy
        self.updateTime = createTime
        self.approval = approval
        self.jobs = jobs
        self.status = status
    }

    /// A new plan id: 24 lowercase hex digits, the shape of Zadig's object ids.
    package static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }.joined()
    }

    /// The uids that take part in the plan (its manager and native approvers): who may read it
    /// besides administrators.
    package var participants: Set<String> {
        Set([managerID] + (approval?.approveUsers.map(\.userID) ?? [])).subtracting([""])
    }
}

/// One job of a release plan.
package struct ReleaseJob: Sendable, Equatable, Codable {
    package var id: String
    package var name: String
    package var type: ReleaseJobType
    package var text: TextSpec?
    package var workflow: WorkflowSpec?
    package var status: ReleaseJobStatus = .todo
    package var lastStatus: ReleaseJobStatus = .todo
    package var updated: Bool = false
    package var executedBy: String = ""
    package var executedTime: Int64 = 0

    package init(id: String, name: String, text: TextSpec) {
        self.id = id
        self.name = name
        self.type = .text
        self.text = text
    }

    package init(id: String, name: String, workflow: WorkflowSpec) {
        self.id = id
        self.name = name
        self.type = .workflow
        self.workflow = workflow
    }

    /// `{content, remark}`: what to do, and what the one who did it noted.
    package struct TextSpec: Sendable, Equatable, Codable {
        package var content: String
        package var remark: String

        package init(content: String, remark: String = "") {
            self.content = content
            self.remark = remark
        }
    }

    /// A custom workflow with the run's parameters and job inputs (as `POST
    /// /openapi/workflows/custom/task` takes them), and the task the last execution started.
    package struct WorkflowSpec: Sendable, Equatable, Codable {
        package var workflowKey: String
        package var projectKey: String
        package var parameters: [Parameter]
        package var inputs: [Input]
        package var remark: String
        package var taskID: Int = 0
        package var taskStatus: String = ""

        package init(workflowKey: String, projectKey: String, parameters: [Parameter] = [], inputs: [Input] = [], remark: String = "") {
            self.workflowKey = workflowKey
            self.projectKey = projectKey
            self.parameters = parameters
            self.inputs = inputs
            self.remark = remark
        }

        package struct Parameter: Sendable, Equatable, Codable {
            package var name: String
            package var value: String

            package init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        package struct Input: Sendable, Equatable, Codable {
            package var jobName: String
            package var jobType: String
            package var parameters: JSONValue

            package init(jobName: String, jobType: String = "", parameters: JSONValue) {
                self.jobName = jobName
                self.jobType = jobType
                self.parameters = parameters
            }
        }
    }
}

/// A plan's approval. Only Zadig's `native` type runs here; `status` is `""` until decided,
/// then `passed` or `reject`.
package struct ReleasePlanApproval: Sendable, Equatable, Codable {
    package var enabled: Bool
    package var type: String
    package var description: String
    package var status: String = ""
    package var approveUsers: [ApprovalSpec.Approver]
    package var neededApprovers: Int
    package var timeoutMinutes: Int
    /// The votes of the current round, cleared each time the plan is submitted for approval.
    package var decisions: [ApprovalRun.Decision] = []
    package var instanceCode: String = ""
    /// When an unanswered approval times out (Unix seconds), set as the plan is submitted for
    /// approval with a `timeout`; nil or 0 when it never does. Optional: older documents lack it.
    package var deadline: Int64?

    package init(
        enabled: Bool, type: String = "native", description: String = "", approveUsers: [ApprovalSpec.Approver], neededApprovers: Int,
        timeoutMinutes: Int = 0
    ) {
        self.enabled = enabled
        self.type = type
        self.description = description
        self.approveUsers = approveUsers
        self.neededApprovers = neededApprovers
        self.timeoutMinutes = timeoutMinutes
    }
}

/// One line of a plan's history: who changed what, from what to what.
package struct ReleasePlanLog: Sendable, Equatable, Codable {
    package var username: String
    package var verb: String
    package var targetType: String
    package var targetName: String
    package var before: String
    package var after: String
    package var detail: String
    package var createdAt: Int64

    package init(
        username: String, verb: String, targetType: String, targetName: String, before: String = "", after: String = "",
        detail: String = "", createdAt: Int64
    ) {
        self.username = username
        self.verb = verb
        self.targetType = targetType
        self.targetName = targetName
        self.before = before
        self.after = after
        self.detail = detail
        self.createdAt = createdAt
    }

    // Zadig's verbs, target types and system user name.
    package static let create = "新建", update = "更新", execute = "执行", delete = "删除", retry = "重试", skip = "跳过"
    package static let plan = "release_plan", planStatus = "release_plan_status", job = "release_job"
    package static let system = "系统"
}
