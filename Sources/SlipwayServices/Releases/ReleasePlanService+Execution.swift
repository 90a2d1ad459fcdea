import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Driving a plan: its manager moves it through Zadig's status map and executes its jobs, its
/// approvers decide, and the tasks of its workflow jobs carry those jobs to done or failed.
extension ReleasePlanService {
    /// Move the plan to `status` (`/api/aslan/release_plan/v1/:id/status/:status`): its manager or
    /// an administrator. Back to `planning`, the tasks its workflow jobs still run are cancelled.
    package func changeStatus(_ id: String, to status: String, by user: User) async throws {
        guard let target = ReleasePlanStatus(rawValue: status) else { throw SlipwayError.invalidInput("unknown release plan status \(status)") }
        var running: [(workflowKey: String, taskID: Int)] = []
        let now = Self.now()
        try await mutate(id) { plan in
            guard plan.isManaged(by: user) else { throw SlipwayError.forbidden("only manager can update plan status") }
            running = plan.runningTasks
            return [try plan.move(to: target, by: user, now: now, minuteSeconds: minuteSeconds)]
        }
        guard target == .planning else { return }
        for task in running {
            do {
                try await TaskService(context).cancel(task.workflowKey, id: task.taskID, by: user)
            } catch {
                context.logger.warning("release plan \(id): task \(task.workflowKey)#\(task.taskID) not cancelled: \(error)")
            }
        }
    }

    /// An approver's vote (`/api/aslan/release_plan/v1/:id/approve`). Only the plan's approvers
    /// may vote; who cannot read the plan is refused before its state is told.
    package func approve(_ id: String, approve: Bool, comment: String, by user: User) async throws {
        let now = Self.now()
        try await expire(id, now: now)
        try await mutate(id) { plan in
            guard user.isAdmin || plan.participants.contains(user.uid) else { throw SlipwayError.forbidden("not part of release plan \(id)") }
            return try plan.decide(by: user, approve: approve, comment: comment, now: now)
        }
    }

    /// Execute one job (`/api/aslan/release_plan/v1/:id/execute`), as the plan's manager or an
    /// administrator: a text job is done with the executor's remark; a workflow job starts its
    /// workflow as a task, run as `user` through the task service (who needs `run_workflow`).
    package func execute(_ id: String, jobID: String, type: String, remark: String, by user: User) async throws {
        let now = Self.now()
        let current = try await stored(id).plan
        guard current.isManaged(by: user) else {
            throw SlipwayError.forbidden("user \(user.account) is not the manager of the plan \(current.name)")
        }
        try await expire(id, now: now)
        var claimed: ReleaseJob?
        try await mutate(id) { plan in
            guard plan.isManaged(by: user) else {
                throw SlipwayError.forbidden("user \(user.account) is not the manager of the plan \(plan.name)")
            }
            let job = try plan.executable(jobID, type: type, now: now)
            claimed = job
            switch job.type {
            case .text: return [plan.completeText(jobID, remark: remark, by: user, now: now)]
            case .workflow:
                plan.claimWorkflow(jobID, by: user, now: now)
                return [
                    ReleasePlanLog(
                        username: user.account, verb: ReleasePlanLog.execute, targetType: ReleasePlanLog.job, targetName: job.name, createdAt: now)
                ]
            }
        }
        guard let job = claimed, job.workflow != nil else { return }
        try await start(id, job: job, previous: job.status, as: user)
        // The task may have ended before its number was recorded: read where it is now.
        try await follow(id)
    }

    /// Start the claimed workflow `job`'s task as `user` (who needs `run_workflow`); when it
    /// cannot start, the job goes back to `previous`.
    func start(_ id: String, job: ReleaseJob, previous: ReleaseJobStatus, as user: User) async throws {
        guard let spec = job.workflow else { return }
        let task: WorkflowTask
        do {
            var params: [String: String] = [:]
            for p in spec.parameters { params[p.name] = p.value }
            var inputs: [String: JSONValue] = [:]
            for input in spec.inputs { inputs[input.jobName] = input.parameters }
            task = try await TaskService(context).run(spec.workflowKey, project: spec.projectKey, by: user, params: params, jobInputs: inputs)
        } catch {
            try await mutate(id) { plan in
                plan.started(job.id, taskID: nil, previous: previous)
                return []
            }
            throw error
        }
        try await mutate(id) { plan in
            plan.started(job.id, taskID: task.taskID, previous: previous)
            return []
        }
    }

    /// What the plan's workflow jobs hear on the bus: a task that ended moves the jobs that ran it.
    /// The composition root subscribes this once.
    package func subscribe() {
        let service = self
        context.events.subscribe { event in
            guard case .task(let task, let what) = event, [.passed, .failed, .timeout, .cancelled, .reject].contains(what) else { return }
            do {
                for plan in try await service.store.releasePlans.plans(in: .executing)
                where plan.runningTasks.contains(where: { $0.workflowKey == task.workflowKey && $0.taskID == task.taskID }) {
                    try await service.follow(plan.id)
                }
            } catch {
                service.context.logger.error("release plans did not follow task \(task.workflowKey)#\(task.taskID): \(error)")
            }
        }
    }

    /// Bring the plan's running workflow jobs up to their tasks' stored status.
    func follow(_ id: String) async throws {
        var statuses: [String: TaskStatus] = [:]
        for (key, taskID) in try await stored(id).plan.runningTasks {
            statuses["\(key)#\(taskID)"] = try await store.tasks.get(workflowKey: key, taskID: taskID)?.status
        }
        let now = Self.now()
        try await mutate(id) { plan in
            let before = plan.status
            var changed = false
            for (key, taskID) in plan.runningTasks {
                guard let status = statuses["\(key)#\(taskID)"] else { continue }
                changed = plan.follow(workflowKey: key, taskID: taskID, status: status, now: now) || changed
            }
            guard changed else { return nil }
            guard plan.status != before else { return [] }
            return [
                ReleasePlanLog(
                    username: ReleasePlanLog.system, verb: ReleasePlanLog.update, targetType: ReleasePlanLog.planStatus,
                    targetName: ReleasePlanLog.planStatus, before: before.rawValue, after: plan.status.rawValue, createdAt: now)
            ]
        }
    }

    /// Apply what time did to the plan by `now` (an approval past its deadline, an executing plan
    /// past its window: `timeout`) before a caller acts on it, as Zadig checks the window first.
    func expire(_ id: String, now: Int64) async throws {
        try await mutate(id) { plan in
            let logs = plan.expire(now: now)
            return logs.isEmpty ? nil : logs
        }
    }

    /// The engine's minute in seconds: approval timeouts are given in minutes.
    var minuteSeconds: Int64 { max(context.engine.minute.components.seconds, 1) }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
