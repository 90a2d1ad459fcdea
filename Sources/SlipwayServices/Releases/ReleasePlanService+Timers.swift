import Foundation
import SlipwayCore
import SlipwayStore

/// The release plan timer: what Zadig's cron service and release plan watchers do on time. Each
/// tick reads from the store the plans whose moment has come (`wake_at`), so a schedule or an
/// approval deadline set before a restart is kept after it.
extension ReleasePlanService {
    /// Apply what is due at `now` (Unix seconds): approvals past their deadline and executing
    /// plans past their window time out; a scheduled execution starts the plan's workflow jobs
    /// (Zadig's `POST /api/aslan/release_plan/v1/:id/schedule_execute`, called by its cron at
    /// `schedule_execute_time`), in the system's name, each task run as the plan's manager, whose
    /// right to run the workflow is checked then. Returns the ids of the plans looked at.
    @discardableResult
    package func runTimers(now: Int64) async -> [String] {
        let due: [String]
        do { due = try await store.releasePlans.due(at: now) } catch {
            context.logger.warning("release plan timer: cannot read the due plans", metadata: ["error": "\(error)"])
            return []
        }
        for id in due {
            do { try await wake(id, now: now) } catch {
                context.logger.warning("release plan timer did not handle a plan", metadata: ["plan": "\(id)", "error": "\(error)"])
            }
        }
        return due
    }

    /// Tick every `interval` until the calling task is cancelled (the server's timer service).
    package func runTimers(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            await runTimers(now: Self.now())
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    private func wake(_ id: String, now: Int64) async throws {
        var scheduled = ReleasePlan.ScheduledRun.none
        let plan = try await mutate(id) { plan in
            var logs = plan.expire(now: now)
            scheduled = plan.takeSchedule(now: now)
            switch scheduled {
            case .none: break
            case .missed: logs.append(Self.scheduleLog("定时执行时间已过, 未执行", now: now))
            case .refused(let reason): logs.append(Self.scheduleLog(reason, now: now))
            case .run(let jobs):
                for job in jobs { logs.append(plan.jobLog(job.id, verb: ReleasePlanLog.execute, by: ReleasePlanLog.system, detail: "定时执行", now: now)) }
            }
            // Written even without a change: the stored moment moves on.
            return logs
        }
        guard case .run(let claimed) = scheduled, !claimed.isEmpty else { return }
        let manager = try await store.users.find(uid: plan.managerID)
        for (jobID, previous) in claimed {
            guard let job = plan.jobs.first(where: { $0.id == jobID }) else { continue }
            do {
                guard let manager else { throw SlipwayError.notFound("manager \(plan.manager) not found") }
                try await start(id, job: job, previous: previous, as: manager)
            } catch {
                let reason = Self.reason(error)
                context.logger.warning("release plan schedule did not start a job", metadata: ["plan": "\(id)", "job": "\(jobID)", "error": "\(error)"])
                try await mutate(id) { plan in
                    [plan.jobLog(jobID, verb: ReleasePlanLog.execute, by: ReleasePlanLog.system, detail: "定时执行失败: \(reason)", now: now)]
                }
            }
        }
        try await follow(id)
    }

    /// What the plan's history may say of a failure: a domain error's detail; anything else
    /// (an internal error) only in the server's log.
    private static func reason(_ error: any Error) -> String {
        guard let refused = error as? SlipwayError else { return "the task could not start" }
        if case .internalError = refused { return "the task could not start" }
        return refused.detail
    }

    private static func scheduleLog(_ detail: String, now: Int64) -> ReleasePlanLog {
        ReleasePlanLog(
            username: ReleasePlanLog.system, verb: ReleasePlanLog.execute, targetType: ReleasePlanLog.plan, targetName: "schedule_execute_time",
            detail: detail, createdAt: now)
    }
}
