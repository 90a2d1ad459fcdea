import SlipwayCore

/// The approval bookkeeping of a runner: where each approval lives in the task and who waits on it.
extension TaskRunner {
    var revokerIsUnset: Bool { !isCancelled }

    /// The task, its running stage and its live jobs all read `cancelled` from now on.
    func markCancelled(by user: String) {
        setRevoker(user)
        task.status = .cancelled
        task.revoker = user
        task.endedAt = .now()
        let live: Set<TaskStatus> = [.running, .prepare, .waitForApproval]
        for s in task.stages.indices where task.stages[s].status == .running {
            task.stages[s].status = .cancelled
            task.stages[s].endedAt = .now()
            for j in task.stages[s].jobs.indices where live.contains(task.stages[s].jobs[j].status) {
                task.stages[s].jobs[j].status = .cancelled
                task.stages[s].jobs[j].endedAt = .now()
            }
        }
    }

    func drainApprovalWaiters() -> [String: CheckedContinuation<TaskStatus, Never>] {
        takeWaiters()
    }

    /// The ApprovalRun for `job:<name>` / `stage:<name>`.
    func approvalRun(key: String) -> ApprovalRun? {
        if key.hasPrefix("stage:") {
            let name = String(key.dropFirst(6))
            return task.stages.first { $0.name == name }?.approval
        }
        guard let (s, j) = task.jobIndex(named: String(key.dropFirst(4))) else { return nil }
        return task.stages[s].jobs[j].approval
    }

    func setApproval(key: String, spec: ApprovalSpec) {
        if key.hasPrefix("stage:") {
            let name = String(key.dropFirst(6))
            if let s = task.stages.firstIndex(where: { $0.name == name }), task.stages[s].approval == nil {
                task.stages[s].approval = ApprovalRun(spec: spec)
            }
        } else if let (s, j) = task.jobIndex(named: String(key.dropFirst(4))), task.stages[s].jobs[j].approval == nil {
            task.stages[s].jobs[j].approval = ApprovalRun(spec: spec)
        }
    }

    func approvalOutcome(key: String) -> TaskStatus? {
        switch approvalRun(key: key)?.outcome {
        case .approve: return .passed
        case .reject: return .reject
        default: return nil
        }
    }

    func recordDecision(key: String, user: String, approve: Bool, comment: String) throws(SlipwayError) -> ApprovalOutcome? {
        if key.hasPrefix("stage:") {
            let name = String(key.dropFirst(6))
            guard let s = task.stages.firstIndex(where: { $0.name == name }), task.stages[s].approval != nil else {
                throw .notFound("not found approval")
            }
            return try task.stages[s].approval!.decide(user: user, approve: approve, comment: comment)
        }
        guard let (s, j) = task.jobIndex(named: String(key.dropFirst(4))), task.stages[s].jobs[j].approval != nil else {
            throw .notFound("not found approval")
        }
        return try task.stages[s].jobs[j].approval!.decide(user: user, approve: approve, comment: comment)
    }

    func resolveApproval(key: String, with status: TaskStatus) {
        takeWaiter(key: key)?.resume(returning: status)
    }
}
