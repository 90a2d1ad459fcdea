import Foundation
import SlipwayCore

extension TaskRunner {
    /// Cancel: the task becomes `cancelled` at once (and stays so: late job results cannot undo it).
    func cancel(by user: String) async {
        guard revokerIsUnset else { return }
        markCancelled(by: user)
        for (key, waiter) in drainApprovalWaiters() {
            _ = key
            waiter.resume(returning: .cancelled)
        }
        await persist()
    }

    /// The engine is shutting down: stop without recording an outcome, so a restart resumes the task.
    func stopForShutdown() {
        markStopping()
    }

    /// After a crash or restart: a job that was running when the server died did not finish.
    /// Its orphaned processes are stopped (a group recorded in this boot: `OrphanedGroup`) and it
    /// fails with the reason recorded. Approvals resume waiting.
    /// A job running on an agent that may still run it is taken up again instead (`canReattach`).
    func recoverInterruptedJobs() async {
        var changed = false
        let boot = OrphanedGroup.bootTime()
        for s in task.stages.indices {
            for j in task.stages[s].jobs.indices where [.running, .prepare].contains(task.stages[s].jobs[j].status) {
                if await canReattach(task.stages[s].jobs[j].name) {
                    reattachedJobs.insert(task.stages[s].jobs[j].name)
                    continue
                }
                if let group = task.stages[s].jobs[j].processGroup, group > 1,
                    OrphanedGroup.mayStillRun(startedAt: task.stages[s].jobs[j].startedAt, bootTime: boot)
                {
                    kill(-group, SIGKILL)
                }
                task.stages[s].jobs[j].status = .failed
                task.stages[s].jobs[j].error = "interrupted: the server stopped while this job was running"
                task.stages[s].jobs[j].endedAt = .now()
                task.stages[s].jobs[j].processGroup = nil
                changed = true
            }
        }
        if changed { await persist() }
    }

    // MARK: Approvals

    /// Wait for a decision on an approval (`job:<name>` or `stage:<name>`), up to its timeout
    /// counted from `since` (so a restart does not extend it).
    func waitForApproval(key: String, spec: ApprovalSpec, since: EpochMillis) async -> TaskStatus {
        if let decided = approvalOutcome(key: key) { return decided }
        setApproval(key: key, spec: spec)
        await persist()
        let minuteMillis = Int64(configurationMinute.components.seconds * 1000 + configurationMinute.components.attoseconds / 1_000_000_000_000_000)
        let remaining = max(Int64(spec.timeoutMinutes) * minuteMillis - (EpochMillis.now() - since), 0)
        return await withTaskCancellationHandler {
            await withTaskGroup(of: TaskStatus?.self) { group in
                group.addTask { await self.suspendForDecision(key: key) }
                group.addTask {
                    do {
                        try await SlicedSleep.sleep(for: .milliseconds(remaining))
                        await self.resolveApproval(key: key, with: .timeout)
                    } catch {}
                    return nil
                }
                var result: TaskStatus = .cancelled
                while let next = await group.next() {
                    if let status = next {
                        result = status
                        group.cancelAll()
                    }
                }
                return result
            }
        } onCancel: {
            Task { await self.resolveApproval(key: key, with: .cancelled) }
        }
    }

    private func suspendForDecision(key: String) async -> TaskStatus {
        if isCancelled { return .cancelled }
        if let decided = approvalOutcome(key: key) { return decided }
        return await withCheckedContinuation { continuation in
            registerWaiter(key: key, continuation)
        }
    }

    /// A vote through the API. Throws when nothing under that name waits for approval.
    /// `name` is an approval job's name, a stage's name (its stage approval, or its one waiting
    /// approval job). Throws when nothing under that name waits, or a stage has several waiting.
    func decide(name: String, user: String, approve: Bool, comment: String) async throws(SlipwayError) {
        let isOpen = { (key: String) in self.approvalRun(key: key).map { !$0.outcome.isDecided } ?? false }
        var key = ["job:\(name)", "stage:\(name)"].first(where: isOpen)
        if key == nil, let stage = task.stages.first(where: { $0.name == name }) {
            let waiting = stage.jobs.filter { $0.type == .approval }.map { "job:\($0.name)" }.filter(isOpen)
            if waiting.count > 1 {
                throw .failedPrecondition("stage \(name) has \(waiting.count) approvals waiting; approve by the approval job's name")
            }
            key = waiting.first
        }
        guard let key else {
            throw .notFound("workflow \(task.workflowKey) ID \(task.taskID) stage \(name) do not need approve")
        }
        let outcome = try recordDecision(key: key, user: user, approve: approve, comment: comment)
        await persist()
        if let outcome {
            resolveApproval(key: key, with: outcome == .approve ? .passed : .reject)
        }
    }
}
