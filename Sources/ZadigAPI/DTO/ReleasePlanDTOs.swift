import SlipwayCore

/// `GET /openapi/release_plan/v1`: `{list, total}`, newest first, without jobs.
struct ReleasePlanListResponse: Encodable {
    let list: [Item]
    let total: Int

    struct Item: Encodable {
        let id: String
        let index: Int64
        let name: String
        let manager: String
        let description: String
        let created_by: String
        let create_time: Int64
    }

    init(_ page: Page<ReleasePlan>) {
        list = page.items.map {
            Item(
                id: $0.id, index: $0.index, name: $0.name, manager: $0.manager, description: $0.description, created_by: $0.createdBy,
                create_time: $0.createTime)
        }
        total = page.total
    }
}

/// `GET /openapi/release_plan/v1/:id`: the whole plan with its approval and jobs.
struct ReleasePlanDetail: Encodable {
    let id: String
    let index: Int64
    let name: String
    let manager: String
    let manager_id: String
    let start_time: Int64
    let end_time: Int64
    let schedule_execute_time: Int64
    let description: String
    let created_by: String
    let create_time: Int64
    let updated_by: String
    let update_time: Int64
    let approval: ApprovalOut?
    let jobs: [JobOut]
    let status: String
    let planning_time: Int64
    let finish_planning_time: Int64
    let approval_time: Int64
    let executing_time: Int64
    let success_time: Int64

    init(_ p: ReleasePlan) {
        id = p.id
        index = p.index
        name = p.name
        manager = p.manager
        manager_id = p.managerID
        start_time = p.startTime
        end_time = p.endTime
        schedule_execute_time = p.scheduleExecuteTime
        description = p.description
        created_by = p.createdBy
        create_time = p.createTime
        updated_by = p.updatedBy
        update_time = p.updateTime
        approval = p.approval.map(ApprovalOut.init)
        jobs = p.jobs.map(JobOut.init)
        status = p.status.rawValue
        planning_time = p.planningTime
        finish_planning_time = p.finishPlanningTime
        approval_time = p.approvalTime
        executing_time = p.executingTime
        success_time = p.successTime
    }

    struct ApprovalOut: Encodable {
        let enabled: Bool
        let status: String
        let type: String
        let description: String
        let native_approval: Native

        struct Native: Encodable {
            let timeout: Int
            let approve_users: [Approver]
            let needed_approvers: Int
            let reject_or_approve: String
            let instance_code: String
        }

        struct Approver: Encodable {
            let user_id: String
            let user_name: String
            let reject_or_approve: String
            let comment: String
            let operation_time: Int64
        }

        init(_ a: ReleasePlanApproval) {
            enabled = a.enabled
            status = a.status
            type = a.type
            description = a.description
            native_approval = Native(
                timeout: a.timeoutMinutes,
                approve_users: a.approveUsers.map { user in
                    let vote = a.decisions.first { $0.userName == user.userName }
                    return Approver(
                        user_id: user.userID, user_name: user.userName, reject_or_approve: vote.map { $0.approve ? "approve" : "reject" } ?? "",
                        comment: vote?.comment ?? "", operation_time: vote?.at.seconds ?? 0)
                },
                needed_approvers: a.neededApprovers,
                reject_or_approve: a.status == "passed" ? "approve" : a.status == "reject" ? "reject" : "", instance_code: a.instanceCode)
        }
    }

    struct JobOut: Encodable {
        let id: String
        let name: String
        let type: String
        let spec: JSONValue
        let status: String
        let last_status: String
        let updated: Bool
        let executed_by: String
        let executed_time: Int64

        init(_ j: ReleaseJob) {
            id = j.id
            name = j.name
            type = j.type.rawValue
            spec = Self.spec(j)
            status = j.status.rawValue
            last_status = j.lastStatus.rawValue
            updated = j.updated
            executed_by = j.executedBy
            executed_time = j.executedTime
        }

        static func spec(_ j: ReleaseJob) -> JSONValue {
            if let text = j.text { return .object(["content": .string(text.content), "remark": .string(text.remark)]) }
            guard let w = j.workflow else { return .null }
            return .object([
                "workflow": .object(["name": .string(w.workflowKey), "project": .string(w.projectKey)]),
                "workflow_key": .string(w.workflowKey), "project_key": .string(w.projectKey), "remark": .string(w.remark),
                "parameters": .array(w.parameters.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
                "inputs": .array(
                    w.inputs.map { .object(["job_name": .string($0.jobName), "job_type": .string($0.jobType), "parameters": $0.parameters]) }),
                "task_id": .number(Double(w.taskID)), "status": .string(w.taskStatus),
            ])
        }
    }
}

/// `GET /api/aslan/release_plan/v1/:id/logs`: the plan's history, oldest first.
struct ReleasePlanLogsResponse: Encodable {
    let list: [Entry]

    struct Entry: Encodable {
        let plan_id: String
        let username: String
        let verb: String
        let target_name: String
        let target_type: String
        let before: String
        let after: String
        let detail: String
        let created_at: Int64
    }

    init(planID: String, _ logs: [ReleasePlanLog]) {
        list = logs.map {
            Entry(
                plan_id: planID, username: $0.username, verb: $0.verb, target_name: $0.targetName, target_type: $0.targetType,
                before: $0.before, after: $0.after, detail: $0.detail, created_at: $0.createdAt)
        }
    }
}
