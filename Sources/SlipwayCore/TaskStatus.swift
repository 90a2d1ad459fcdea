/// Task, stage and job statuses, spelled exactly as the Zadig reference engine spells them.
package enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case notStarted = ""
    case created
    case waiting
    case queued
    case running
    case prepare
    case passed
    case failed
    case timeout
    case cancelled
    case reject
    case pause
    case skipped
    case unstable
    case waitForApproval = "wait_for_approval"
    case waitForManualErrorHandling = "wait_for_manual_error_handling"

    /// Finished for good (until a retry).
    package var isCompleted: Bool {
        [.passed, .failed, .timeout, .cancelled, .reject, .skipped, .unstable].contains(self)
    }

    /// A finished job or stage that a retry keeps.
    package var isKeptOnRetry: Bool { [.passed, .skipped, .unstable].contains(self) }

    /// The statuses a task may be retried from.
    package var isRetryable: Bool { [.failed, .timeout, .cancelled, .reject].contains(self) }

    /// A stage status that stops the workflow.
    package var stopsWorkflow: Bool { [.cancelled, .failed, .timeout, .reject, .pause].contains(self) }

    /// A job status that stops a serial stage.
    package var stopsSerialStage: Bool { [.cancelled, .failed, .timeout, .reject].contains(self) }

    /// Stage status from its jobs: cancelled > timeout > failed > pause > reject > passed > unstable > skipped.
    package static func stageStatus(of jobs: [TaskStatus]) -> TaskStatus {
        let order: [TaskStatus] = [.cancelled, .timeout, .failed, .pause, .reject, .passed, .unstable, .skipped]
        return order.first { jobs.contains($0) } ?? .passed
    }

    /// Task status from its stages: pause > reject > cancelled > timeout > failed > passed > unstable > skipped;
    /// `unstable` is reported as `passed` at the task level.
    package static func taskStatus(of stages: [TaskStatus]) -> TaskStatus {
        let order: [TaskStatus] = [.pause, .reject, .cancelled, .timeout, .failed, .passed, .unstable, .skipped]
        let status = order.first { stages.contains($0) } ?? .passed
        return status == .unstable || status == .skipped ? .passed : status
    }
}
