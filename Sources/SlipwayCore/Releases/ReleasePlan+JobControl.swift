/// Skipping and retrying a plan's jobs (Zadig's `SkipReleaseJob` and `RetryReleaseJob` in
/// `core/release_plan/service/{skip,retry}.go`), as pure changes of a plan value.
extension ReleasePlan {
    /// Refuse outside the release window, when the plan has one.
    package func checkWindow(_ now: Int64) throws(SlipwayError) {
        if startTime != 0 || endTime != 0, now < startTime || now > endTime {
            throw .failedPrecondition("plan is not in the release time range")
        }
    }

    /// Skip job `id` of an executing plan (`POST /api/aslan/release_plan/v1/:id/skip`): a job
    /// still to do, as Zadig; here also a workflow job whose task failed, since a failed job keeps
    /// a Slipway plan executing (Zadig counts it as finished). A text job keeps the skipper's
    /// remark. The plan succeeds when every job is then done or skipped. Returns the log line.
    package mutating func skip(_ id: String, type: String, remark: String, by user: User, now: Int64) throws(SlipwayError) -> ReleasePlanLog {
        guard status == .executing else { throw .failedPrecondition("plan status is \(status.rawValue), can not skip") }
        try checkWindow(now)
        let job = try job(id, type: type)
        switch job.type {
        case .text where job.status != .todo:
            throw .failedPrecondition("job \(job.name) status is not todo")
        case .workflow where job.status != .todo && job.status != .failed:
            throw .failedPrecondition("job \(job.name) status \(job.status.rawValue) can't skip")
        default:
            break
        }
        update(id) {
            if $0.type == .text { $0.text?.remark = remark }
            $0.status = .skipped
            $0.executedBy = user.account
            $0.executedTime = now
        }
        finishIfAllDone(now: now)
        return ReleasePlanLog(username: user.account, verb: ReleasePlanLog.skip, targetType: ReleasePlanLog.job, targetName: job.name, createdAt: now)
    }

    /// Claim the failed workflow job `id` for a retry of its task under the same number
    /// (`POST /api/aslan/release_plan/v1/:id/retry`): the job runs again, the plan is executing
    /// again. Returns the task to retry.
    package mutating func claimRetry(_ id: String, type: String, by user: User, now: Int64) throws(SlipwayError) -> (workflowKey: String, taskID: Int) {
        guard type != ReleaseJobType.text.rawValue else { throw .invalidInput("text release job does not support retry") }
        guard status == .executing || status == .success else { throw .failedPrecondition("plan status is \(status.rawValue), can not execute") }
        try checkWindow(now)
        let job = try job(id, type: type)
        guard let spec = job.workflow, spec.taskID > 0 else { throw .failedPrecondition("workflow task not found") }
        guard job.status == .failed else { throw .failedPrecondition("job \(job.name) status \(job.status.rawValue) can't retry") }
        update(id) {
            $0.status = .running
            $0.workflow?.taskStatus = TaskStatus.prepare.rawValue
            $0.executedBy = user.account
            $0.executedTime = now
        }
        status = .executing
        successTime = 0
        return (spec.workflowKey, spec.taskID)
    }

    /// A retry that did not start: the job is failed again, with its task's last status.
    package mutating func abandonRetry(_ id: String, taskStatus: String) {
        update(id) {
            guard $0.status == .running else { return }
            $0.status = .failed
            $0.workflow?.taskStatus = taskStatus
        }
    }

    /// The log line of a skip or retry, or of an execution in the system's name.
    package func jobLog(_ id: String, verb: String, by account: String, detail: String = "", now: Int64) -> ReleasePlanLog {
        ReleasePlanLog(username: account, verb: verb, targetType: ReleasePlanLog.job, targetName: jobName(id), detail: detail, createdAt: now)
    }

    private func job(_ id: String, type: String) throws(SlipwayError) -> ReleaseJob {
        guard ReleaseJobType(rawValue: type) != nil else { throw .invalidInput("invalid release job type: \(type)") }
        guard let job = jobs.first(where: { $0.id == id }) else { throw .notFound("job \(id) not found") }
        guard job.type.rawValue == type else { throw .invalidInput("invalid release job type: \(type)") }
        return job
    }
}
