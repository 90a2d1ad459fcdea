/// The time-driven changes of a plan, as pure changes of a plan value: Zadig's release plan cron
/// (`ScheduleExecuteReleasePlan`, reached by the cron service through
/// `POST /api/aslan/release_plan/v1/:id/schedule_execute`), its watcher of executing plans
/// (`WatchExecutingWorkflow`: past the window ⇒ `timeout`) and the native approval's timeout.
/// The store keeps `wakeAt` in a column; the server's timer applies these to the plans whose
/// moment has come, so they survive a restart (the database is the truth).
extension ReleasePlan {
    /// How late a scheduled execution still starts: Zadig's cron starts a release plan schedule
    /// it missed by at most 30 s (say, across a restart) and drops an older one.
    package static let scheduleGrace: Int64 = 30

    /// The next moment (Unix seconds) the plan needs its timer, 0 when none: an executing plan's
    /// schedule not yet taken and the end of its window, an approval's deadline.
    package var wakeAt: Int64 {
        var moments: [Int64] = []
        switch status {
        case .executing:
            if scheduleExecuteTime > 0, scheduleTaken != true { moments.append(scheduleExecuteTime) }
            if endTime > 0 { moments.append(endTime + 1) }
        case .waitForApproval:
            if let deadline = approval?.deadline, deadline > 0 { moments.append(deadline) }
        default:
            break
        }
        return moments.min() ?? 0
    }

    /// An approval nobody answered by its deadline times out: approval `timeout` (the status of
    /// Zadig's timed-out approval jobs), plan `timeout` (from where the manager may go back to
    /// planning or cancel). An executing plan past its window times out. Returns the log lines.
    package mutating func expire(now: Int64) -> [ReleasePlanLog] {
        switch status {
        case .waitForApproval:
            guard var approval, let deadline = approval.deadline, deadline > 0, now >= deadline, approval.status.isEmpty else { return [] }
            approval.status = TaskStatus.timeout.rawValue
            self.approval = approval
            status = .timeout
            approvalTime = now
            return [statusLog(from: .waitForApproval, detail: "审批超时", now: now)]
        case .executing:
            guard endTime != 0, now > endTime else { return [] }
            status = .timeout
            return [statusLog(from: .executing, detail: "超出发布窗口期", now: now)]
        default:
            return []
        }
    }

    /// What the timer does with a plan's schedule.
    package enum ScheduledRun: Sendable {
        /// Not due, or already taken this round.
        case none
        /// Due more than `scheduleGrace` ago: dropped, as Zadig's cron drops it.
        case missed
        /// Due, but the plan may not execute now (Zadig's checks): the reason.
        case refused(String)
        /// The workflow jobs claimed for a run, each with the status to go back to if its task cannot start.
        case run([(id: String, previous: ReleaseJobStatus)])
    }

    /// Take the schedule due at `now`, once per executing round: in the window, with a passed
    /// approval when one is enabled, every workflow job not done, skipped or running is claimed
    /// in the system's name (text jobs stay the manager's to do).
    package mutating func takeSchedule(now: Int64) -> ScheduledRun {
        guard status == .executing, scheduleExecuteTime > 0, scheduleTaken != true, now >= scheduleExecuteTime else { return .none }
        scheduleTaken = true
        guard now - scheduleExecuteTime <= Self.scheduleGrace else { return .missed }
        if startTime != 0 || endTime != 0, now < startTime || now > endTime { return .refused("it's not in the release time range") }
        if let approval, approval.enabled, approval.status != "passed" {
            return .refused("it's approval status is \(approval.status), can not execute")
        }
        let claimed = jobs.filter { $0.type == .workflow && ($0.status == .todo || $0.status == .failed) }.map { (id: $0.id, previous: $0.status) }
        for job in claimed { claimWorkflow(job.id, account: ReleasePlanLog.system, now: now) }
        return .run(claimed)
    }
}
