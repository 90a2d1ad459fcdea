/// The release plan state machine (Zadig's `UpdateReleasePlanStatus`, `ApproveReleasePlan` and
/// the release job executors), as pure changes of a plan value. The caller stores the result.
extension ReleasePlan {
    /// Whether `user` may move the plan on and execute its jobs: its manager or an administrator.
    package func isManaged(by user: User) -> Bool {
        user.isAdmin || user.uid == managerID
    }

    /// Move to `target` as the manager asks; returns the log line. Leaving `planning` needs jobs,
    /// `finish_planning` needs every workflow job to name its workflow, `executing` needs a passed
    /// approval when one is enabled, `wait_for_approval` an enabled approval (whose votes restart,
    /// and whose `timeout` minutes, each `minuteSeconds` long, start to run).
    package mutating func move(
        to target: ReleasePlanStatus, by user: User, now: Int64, minuteSeconds: Int64 = 60
    ) throws(SlipwayError) -> ReleasePlanLog {
        guard target != status else { throw .failedPrecondition("current status can not equal to target status \(target.rawValue)") }
        guard status.next.contains(target) else {
            throw .failedPrecondition("can't convert plan status \(status.rawValue) to \(target.rawValue)")
        }
        guard !target.isExternalCheck else {
            throw .failedPrecondition("release plan external checks are not configured: status \(target.rawValue) is not reachable")
        }
        if status == .planning {
            guard !jobs.isEmpty else { throw .failedPrecondition("plan must not have no jobs") }
        }
        let before = status
        switch target {
        case .planning:
            for i in jobs.indices { jobs[i].resetForPlanning() }
            planningTime = now
            (finishPlanningTime, approvalTime, executingTime, successTime) = (0, 0, 0, 0)
            approval?.status = ""
            approval?.decisions = []
            approval?.deadline = nil
            scheduleTaken = nil
        case .finishPlanning:
            if let job = jobs.first(where: { $0.type == .workflow && ($0.workflow?.workflowKey ?? "").isEmpty }) {
                throw .failedPrecondition("failed to lint release job, err: workflow cannot be empty (job \(job.name))")
            }
            finishPlanningTime = now
        case .waitForApproval:
            guard var approval, approval.enabled else { throw .failedPrecondition("createApprovalInstance: approval data not found") }
            approval.status = ""
            approval.decisions = []
            approval.instanceCode = ReleasePlan.newID()
            approval.deadline = approval.timeoutMinutes > 0 ? now + Int64(approval.timeoutMinutes) * max(minuteSeconds, 1) : nil
            self.approval = approval
        case .executing:
            if let approval, approval.enabled, approval.status != "passed" {
                throw .failedPrecondition("approval status is \(approval.status), can not execute")
            }
            startExecuting(now: now)
        case .success:
            successTime = now
        default:
            break
        }
        status = target
        updatedBy = user.account
        updateTime = now
        return ReleasePlanLog(
            username: user.account, verb: ReleasePlanLog.update, targetType: ReleasePlanLog.planStatus, targetName: ReleasePlanLog.planStatus,
            before: before.rawValue, after: target.rawValue, createdAt: now)
    }

    /// Record an approver's vote; the plan goes to `executing` once enough approve, to `denied`
    /// at the first rejection. Returns the log lines.
    package mutating func decide(by user: User, approve: Bool, comment: String, now: Int64) throws(SlipwayError) -> [ReleasePlanLog] {
        guard status == .waitForApproval else { throw .failedPrecondition("plan status is \(status.rawValue), can not approve") }
        guard var approval, approval.type == "native" else { throw .failedPrecondition("plan approval is nil or not native approval") }
        var run = ApprovalRun(
            spec: ApprovalSpec(approveUsers: approval.approveUsers, neededApprovers: approval.neededApprovers, timeoutMinutes: approval.timeoutMinutes))
        run.decisions = approval.decisions
        let outcome = try run.decide(user: user.account, approve: approve, comment: comment, at: EpochMillis(now * 1000))
        approval.decisions = run.decisions
        var logs = [
            ReleasePlanLog(
                username: user.account, verb: ReleasePlanLog.update, targetType: "approval", targetName: "approval",
                after: approve ? "approve" : "reject", detail: comment, createdAt: now)
        ]
        switch outcome {
        case .approve?:
            approval.status = "passed"
            status = .executing
            approvalTime = now
            startExecuting(now: now)
            logs.append(statusLog(from: .waitForApproval, detail: "审批通过", now: now))
        case .reject?:
            approval.status = "reject"
            status = .denied
            approvalTime = now
            logs.append(statusLog(from: .waitForApproval, detail: "审批被拒绝", now: now))
        default:
            break
        }
        self.approval = approval
        return logs
    }

    /// The job `id` if the plan may execute it now: the plan is executing, inside its release
    /// window, and the job is still to do (a workflow job also after it failed).
    package func executable(_ id: String, type: String, now: Int64) throws(SlipwayError) -> ReleaseJob {
        guard status == .executing else { throw .failedPrecondition("plan status is \(status.rawValue), can not execute") }
        try checkWindow(now)
        guard let job = jobs.first(where: { $0.id == id }) else { throw .notFound("job \(id) not found") }
        guard job.type.rawValue == type else { throw .invalidInput("invalid release job type: \(type)") }
        switch job.type {
        case .text where job.status != .todo:
            throw .failedPrecondition("job \(job.name) status is not todo")
        case .workflow where job.status != .todo && job.status != .failed:
            throw .failedPrecondition("job \(job.name) status \(job.status.rawValue) can't execute")
        default:
            return job
        }
    }

    /// Mark a text job done with the executor's remark; returns the log line.
    package mutating func completeText(_ id: String, remark: String, by user: User, now: Int64) -> ReleasePlanLog {
        update(id) {
            $0.text?.remark = remark
            $0.status = .done
            $0.executedBy = user.account
            $0.executedTime = now
        }
        finishIfAllDone(now: now)
        return ReleasePlanLog(username: user.account, verb: ReleasePlanLog.execute, targetType: ReleasePlanLog.job, targetName: jobName(id), createdAt: now)
    }

    /// Claim a workflow job for a run (`running`, no task yet) so no second execution starts it.
    package mutating func claimWorkflow(_ id: String, by user: User, now: Int64) {
        claimWorkflow(id, account: user.account, now: now)
    }

    /// The same, in the name of `account` (the timer's runs are the system's, `系统`).
    mutating func claimWorkflow(_ id: String, account: String, now: Int64) {
        update(id) {
            $0.status = .running
            $0.workflow?.taskID = 0
            $0.workflow?.taskStatus = ""
            $0.executedBy = account
            $0.executedTime = now
        }
    }

    /// Record the task a workflow job started (or, with nil, that starting it failed: the job goes back to `previous`).
    package mutating func started(_ id: String, taskID: Int?, previous: ReleaseJobStatus) {
        update(id) {
            guard $0.status == .running else { return }
            if let taskID {
                $0.workflow?.taskID = taskID
                $0.workflow?.taskStatus = TaskStatus.created.rawValue
            } else {
                $0.status = previous
            }
        }
    }

    /// Follow a task of one of the plan's running workflow jobs: a passed task makes the job
    /// `done`, a task that ended otherwise `failed`. Returns whether anything changed.
    package mutating func follow(workflowKey: String, taskID: Int, status taskStatus: TaskStatus, now: Int64) -> Bool {
        guard status == .executing else { return false }
        var changed = false
        for i in jobs.indices where jobs[i].status == .running {
            guard let spec = jobs[i].workflow, spec.workflowKey == workflowKey, spec.taskID == taskID, spec.taskStatus != taskStatus.rawValue else {
                continue
            }
            jobs[i].workflow?.taskStatus = taskStatus.rawValue
            if taskStatus == .passed {
                jobs[i].status = .done
            } else if taskStatus.isCompleted {
                jobs[i].status = .failed
            }
            changed = true
        }
        if changed { finishIfAllDone(now: now) }
        return changed
    }

    /// The running workflow jobs and their tasks.
    package var runningTasks: [(workflowKey: String, taskID: Int)] {
        jobs.compactMap { job in
            guard job.status == .running, let spec = job.workflow, spec.taskID > 0 else { return nil }
            return (spec.workflowKey, spec.taskID)
        }
    }

    /// Every job done or skipped: the plan succeeded. (Zadig also counts failed jobs as finished;
    /// here a failed workflow job keeps the plan executing until it is run again and passes.)
    mutating func finishIfAllDone(now: Int64) {
        guard status == .executing, jobs.allSatisfy({ $0.status == .done || $0.status == .skipped }) else { return }
        status = .success
        successTime = now
    }

    /// Jobs done in an earlier round and unchanged since stay done; the others start over.
    mutating func startExecuting(now: Int64) {
        executingTime = now
        for i in jobs.indices {
            if jobs[i].lastStatus == .done && !jobs[i].updated {
                jobs[i].status = .done
                continue
            }
            jobs[i].status = .todo
            jobs[i].executedBy = ""
            jobs[i].executedTime = 0
        }
    }

    func statusLog(from before: ReleasePlanStatus, detail: String, now: Int64) -> ReleasePlanLog {
        ReleasePlanLog(
            username: ReleasePlanLog.system, verb: ReleasePlanLog.update, targetType: ReleasePlanLog.planStatus,
            targetName: ReleasePlanLog.planStatus, before: before.rawValue, after: status.rawValue, detail: detail, createdAt: now)
    }

    func jobName(_ id: String) -> String {
        jobs.first { $0.id == id }?.name ?? id
    }

    mutating func update(_ id: String, _ change: (inout ReleaseJob) -> Void) {
        guard let i = jobs.firstIndex(where: { $0.id == id }) else { return }
        change(&jobs[i])
    }
}

extension ReleaseJob {
    /// Back to `todo` for a new round of planning; a workflow job forgets its task.
    mutating func resetForPlanning() {
        status = .todo
        lastStatus = .todo
        updated = false
        executedBy = ""
        executedTime = 0
        workflow?.taskID = 0
        workflow?.taskStatus = ""
    }
}
