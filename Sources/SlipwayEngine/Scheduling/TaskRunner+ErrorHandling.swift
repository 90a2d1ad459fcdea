import SlipwayCore

/// `error_policy: manual_check`: a failed job waits until a permitted user ignores the error
/// (the job becomes `unstable`) or rejects it (the job keeps its failure).
extension TaskRunner {
    /// Suspend until someone decides; `unstable` for ignore, `failed` for reject, `cancelled` when the task is.
    func waitForErrorDecision(job name: String) async -> TaskStatus {
        let key = "error:\(name)"
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if isCancelled {
                    continuation.resume(returning: .cancelled)
                } else if let decided = errorDecision(job: name) {
                    continuation.resume(returning: decided)
                } else {
                    registerWaiter(key: key, continuation)
                }
            }
        } onCancel: {
            Task { await self.resolveApproval(key: key, with: .cancelled) }
        }
    }

    /// A decision already recorded (before the runner began waiting, or before a restart).
    func errorDecision(job name: String) -> TaskStatus? {
        guard let (s, j) = task.jobIndex(named: name) else { return nil }
        return task.stages[s].jobs[j].errorDecision?.jobStatus
    }

    /// After a restart: a job that waited for a decision keeps waiting, then ends as decided.
    func resumeErrorDecision(_ s: Int, _ j: Int) async {
        let name = task.stages[s].jobs[j].name
        let decision = await waitForErrorDecision(job: name)
        task.stages[s].jobs[j].status = decision
        task.stages[s].jobs[j].endedAt = .now()
        task.context["job.\(name).status"] = decision.rawValue
        await persist()
    }

    /// A decision through the API, as written (`ignore` or `reject`; checked after the job and the user).
    func decideError(job name: String, user: User, decision text: String) async throws(SlipwayError) {
        guard let (s, j) = task.jobIndex(named: name) else {
            throw .notFound("can not find job \(name) in workflow task: \(task.workflowKey), taskID: \(task.taskID) to handle its error")
        }
        let job = task.stages[s].jobs[j]
        guard job.errorPolicy.policy == .manualCheck else {
            throw .failedPrecondition("error policy for job: \(name) is \(job.errorPolicy.policy.rawValue)")
        }
        let allowed =
            job.errorPolicy.approvalUsers.isEmpty
            ? user.isAdmin || user.account == task.creator
            : job.errorPolicy.approvalUsers.contains(user.account)
        guard allowed else { throw .failedPrecondition("user \(user.account) is not authorized to perform error handling") }
        guard job.status == .waitForManualErrorHandling, job.errorHandler == nil else {
            throw .failedPrecondition("job \(name) is not waiting for error handling")
        }
        guard let decision = ErrorDecision(rawValue: text) else { throw .invalidInput("decision must be ignore or reject") }
        task.stages[s].jobs[j].errorHandler = "\(user.account):\(decision.rawValue)"
        await persist()
        resolveApproval(key: "error:\(name)", with: decision.jobStatus)
    }
}
