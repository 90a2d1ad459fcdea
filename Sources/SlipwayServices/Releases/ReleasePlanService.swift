import Foundation
import SlipwayCore
import SlipwayStore

/// Zadig release plans: server-wide plans that administrators write, their manager takes through
/// approval and execution, and their approvers decide. Who may read one: administrators and the
/// users taking part (manager, approvers).
///
/// Zadig guards these with system-level `ReleasePlan` actions; Slipway has no system roles but
/// the administrator, so writing plans is the administrators'.
package struct ReleasePlanService: Sendable {
    let context: ServiceContext
    var store: Store { context.store }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// Newest first: every plan for an administrator, the plans they take part in for anyone else.
    package func list(page: Int, pageSize: Int, user: User) async throws -> Page<ReleasePlan> {
        try await store.releasePlans.list(page: page, pageSize: pageSize, participant: user.isAdmin ? nil : user.uid)
    }

    /// One plan `user` may read.
    package func plan(_ id: String, user: User) async throws -> ReleasePlan {
        let plan = try await stored(id).plan
        guard user.isAdmin || plan.participants.contains(user.uid) else { throw SlipwayError.forbidden("not part of release plan \(id)") }
        return plan
    }

    /// A plan's history, oldest first.
    package func logs(_ id: String, user: User) async throws -> [ReleasePlanLog] {
        _ = try await plan(id, user: user)
        return try await store.releasePlans.logs(of: id)
    }

    /// A new plan, in `planning`, without jobs.
    package func create(_ draft: ReleasePlanDraft, by user: User) async throws -> ReleasePlan {
        try requireAdmin(user)
        try draft.lint()
        let now = Int64(Date().timeIntervalSince1970)
        let manager = try await resolveManager(draft)
        let plan = ReleasePlan(
            id: ReleasePlan.newID(), name: draft.name, manager: manager.account, managerID: manager.uid, description: draft.description,
            startTime: draft.startTime, endTime: draft.endTime, scheduleExecuteTime: draft.scheduleExecuteTime, createdBy: user.account,
            createTime: now, approval: try await resolveApproval(draft.approval))
        let log = ReleasePlanLog(
            username: user.account, verb: ReleasePlanLog.create, targetType: ReleasePlanLog.plan, targetName: plan.name, createdAt: now)
        return try await store.releasePlans.create(plan, log: log)
    }

    /// Replace a plan's fields and jobs (Zadig's OpenAPI PATCH): refused while it waits for
    /// approval, executes or has succeeded; the plan goes back to `planning`. Jobs keep their id
    /// when a job of the same type and name was there before.
    package func update(_ id: String, _ draft: ReleasePlanDraft, by user: User) async throws {
        try requireAdmin(user)
        try draft.lint()
        let manager = try await resolveManager(draft)
        let approval = try await resolveApproval(draft.approval)
        var jobs: [ReleaseJob] = []
        for job in draft.jobs {
            switch job {
            case .text(let name, let spec): jobs.append(ReleaseJob(id: "", name: name, text: spec))
            case .workflow(let name, let spec):
                try await checkWorkflow(spec)
                jobs.append(ReleaseJob(id: "", name: name, workflow: spec))
            }
        }
        let now = Int64(Date().timeIntervalSince1970)
        try await mutate(id) { plan in
            guard ![.success, .executing, .waitForApproval].contains(plan.status) else {
                throw SlipwayError.failedPrecondition("release plan status is success, executing or wait for approve, can't update")
            }
            plan.name = draft.name
            plan.manager = manager.account
            plan.managerID = manager.uid
            plan.description = draft.description
            (plan.startTime, plan.endTime, plan.scheduleExecuteTime) = (draft.startTime, draft.endTime, draft.scheduleExecuteTime)
            plan.approval = approval
            plan.jobs = Self.reusingIDs(of: plan.jobs, in: jobs)
            plan.status = .planning
            plan.scheduleTaken = nil
            plan.updatedBy = user.account
            plan.updateTime = now
            return [
                ReleasePlanLog(
                    username: user.account, verb: ReleasePlanLog.update, targetType: ReleasePlanLog.plan, targetName: plan.name, createdAt: now)
            ]
        }
    }

    package func delete(_ id: String, by user: User) async throws {
        try requireAdmin(user)
        try await store.releasePlans.delete(id)
    }

    // MARK: - Helpers shared with execution

    func stored(_ id: String) async throws -> ReleasePlanRepository.Stored {
        guard let stored = try await store.releasePlans.get(id) else { throw SlipwayError.notFound("release plan \(id) not found") }
        return stored
    }

    /// Read, change and store a plan, again from a fresh read when another write came first.
    /// `change` answers the log lines to append, or nil when nothing changed (nothing is written).
    @discardableResult
    func mutate(_ id: String, _ change: (inout ReleasePlan) throws -> [ReleasePlanLog]?) async throws -> ReleasePlan {
        for _ in 0..<16 {
            let current = try await stored(id)
            var plan = current.plan
            guard let logs = try change(&plan) else { return plan }
            if try await store.releasePlans.update(plan, revision: current.revision, logs: logs) { return plan }
        }
        throw SlipwayError.conflict("release plan \(id) is being changed by someone else: try again")
    }

    private func requireAdmin(_ user: User) throws {
        guard user.isAdmin else { throw SlipwayError.forbidden("release plans are managed by system administrators") }
    }

    private func resolveManager(_ draft: ReleasePlanDraft) async throws -> User {
        guard let user = try await store.users.find(account: draft.manager),
            draft.managerIdentityType.isEmpty || draft.managerIdentityType == user.identityType
        else { throw SlipwayError.invalidInput("User \(draft.manager) not found") }
        return user
    }

    private func resolveApproval(_ draft: ReleasePlanDraft.Approval?) async throws -> ReleasePlanApproval? {
        guard let draft else { return nil }
        var approvers: [ApprovalSpec.Approver] = []
        for (id, name) in draft.approvers {
            var found = id.isEmpty ? nil : try await store.users.find(uid: id)
            if found == nil, !name.isEmpty { found = try await store.users.find(account: name) }
            guard let user = found else { throw SlipwayError.invalidInput("approve user \(name.isEmpty ? id : name) not found") }
            guard !approvers.contains(where: { $0.userID == user.uid }) else { continue }
            approvers.append(ApprovalSpec.Approver(userName: user.account, userID: user.uid))
        }
        if draft.enabled, approvers.count < draft.neededApprovers {
            throw SlipwayError.invalidInput("lintApproval error: all approve users should not less than needed approvers")
        }
        return ReleasePlanApproval(
            enabled: draft.enabled, type: draft.type.isEmpty ? "native" : draft.type, description: draft.description, approveUsers: approvers,
            neededApprovers: draft.neededApprovers, timeoutMinutes: draft.timeoutMinutes)
    }

    /// A workflow job names an existing custom workflow of its project, and its inputs name jobs of it.
    private func checkWorkflow(_ spec: ReleaseJob.WorkflowSpec) async throws {
        guard let workflow = try await store.workflows.get(key: spec.workflowKey), workflow.projectKey == spec.projectKey else {
            throw SlipwayError.invalidInput("cannot find workflow \(spec.workflowKey) in project \(spec.projectKey)")
        }
        let jobNames = Set(workflow.stages.flatMap { $0.jobs.map(\.name) })
        if let input = spec.inputs.first(where: { !jobNames.contains($0.jobName) }) {
            throw SlipwayError.invalidInput("workflow \(spec.workflowKey) has no job \(input.jobName)")
        }
    }

    /// New jobs take the id of an earlier job of the same type and name (in order), or a new one.
    static func reusingIDs(of existing: [ReleaseJob], in jobs: [ReleaseJob]) -> [ReleaseJob] {
        var ids: [String: [String]] = [:]
        for job in existing { ids["\(job.type.rawValue)\u{0}\(job.name)", default: []].append(job.id) }
        return jobs.map { job in
            var job = job
            let key = "\(job.type.rawValue)\u{0}\(job.name)"
            if let id = ids[key]?.first {
                job.id = id
                ids[key]?.removeFirst()
            } else {
                job.id = UUID().uuidString.lowercased()
            }
            return job
        }
    }
}
