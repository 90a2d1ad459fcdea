import SlipwayCore

/// Skip and retry of a plan's jobs, by its manager or an administrator.
extension ReleasePlanService {
    /// Skip a job (Zadig `POST /api/aslan/release_plan/v1/:id/skip`, `SkipReleaseJob`): a text
    /// job keeps `remark`; the plan's status is recomputed (every job done or skipped: success).
    package func skip(_ id: String, jobID: String, type: String, remark: String, by user: User) async throws {
        let now = Self.now()
        try await requireManager(id, user)
        try await expire(id, now: now)
        try await mutate(id) { plan in
            guard plan.isManaged(by: user) else { throw Self.notManager(user, plan) }
            let before = plan.status
            var logs = [try plan.skip(jobID, type: type, remark: remark, by: user, now: now)]
            if plan.status != before { logs.append(plan.statusLog(from: before, now: now)) }
            return logs
        }
    }

    /// Retry a failed workflow job's task under the same number (Zadig
    /// `POST /api/aslan/release_plan/v1/:id/retry`, `RetryReleaseJob`, which calls
    /// `RetryWorkflowTaskV4`): the job runs again and the plan is executing again; the task's end
    /// moves the job as for an execution. The retry is `user`'s (who needs `run_workflow`).
    package func retry(_ id: String, jobID: String, type: String, by user: User) async throws {
        let now = Self.now()
        try await requireManager(id, user)
        try await expire(id, now: now)
        var task: (workflowKey: String, taskID: Int)?
        var lastStatus = ""
        try await mutate(id) { plan in
            guard plan.isManaged(by: user) else { throw Self.notManager(user, plan) }
            let before = plan.status
            lastStatus = plan.jobs.first { $0.id == jobID }?.workflow?.taskStatus ?? ""
            task = try plan.claimRetry(jobID, type: type, by: user, now: now)
            var logs = [plan.jobLog(jobID, verb: ReleasePlanLog.retry, by: user.account, now: now)]
            if plan.status != before { logs.append(plan.statusLog(from: before, now: now)) }
            return logs
        }
        guard let task else { return }
        do {
            try await TaskService(context).retry(task.workflowKey, id: task.taskID, by: user)
        } catch {
            try await mutate(id) { plan in
                plan.abandonRetry(jobID, taskStatus: lastStatus)
                return []
            }
            throw error
        }
        try await follow(id)
    }

    /// Who is not the plan's manager (nor an administrator) is refused before anything is told.
    private func requireManager(_ id: String, _ user: User) async throws {
        let plan = try await stored(id).plan
        guard plan.isManaged(by: user) else { throw Self.notManager(user, plan) }
    }

    private static func notManager(_ user: User, _ plan: ReleasePlan) -> SlipwayError {
        .forbidden("user \(user.account) is not the manager of the plan \(plan.name)")
    }
}

extension ReleasePlan {
    /// The system's log line of a status change the service made happen.
    fileprivate func statusLog(from before: ReleasePlanStatus, now: Int64) -> ReleasePlanLog {
        ReleasePlanLog(
            username: ReleasePlanLog.system, verb: ReleasePlanLog.update, targetType: ReleasePlanLog.planStatus,
            targetName: ReleasePlanLog.planStatus, before: before.rawValue, after: status.rawValue, createdAt: now)
    }
}
