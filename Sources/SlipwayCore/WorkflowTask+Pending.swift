extension WorkflowTask {
    /// Why the task is not moving: its queue reason, or what a running task waits for (an
    /// approval, a manual decision, an agent). What every front shows as `pending_reason`.
    package var pendingExplanation: String {
        let t = self
        if t.status == .waiting { return t.pendingReason }
        guard t.status == .running else { return "" }
        func approvers(_ a: ApprovalRun) -> String {
            let users = a.spec.approveUsers.map(\.userName).filter { user in !a.decisions.contains { $0.userName == user } }
            return "waiting for approval by \(users.joined(separator: ", "))"
        }
        for stage in t.stages {
            if stage.status == .running, let approval = stage.approval, !approval.outcome.isDecided,
                stage.jobs.allSatisfy({ $0.status == .notStarted })
            {
                return approvers(approval) + " (stage \(stage.name))"
            }
            for job in stage.jobs {
                if job.status == .waitForApproval, let approval = job.approval { return approvers(approval) + " (job \(job.name))" }
                if job.status == .waitForManualErrorHandling { return "waiting for a manual decision on the failure of job \(job.name)" }
            }
        }
        // What the engine recorded a running job waits for (an agent with its labels).
        return t.pendingReason
    }
}
