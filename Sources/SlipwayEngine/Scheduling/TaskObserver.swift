import SlipwayCore

/// What happened to a task, for notifications and triggers. Mirrors Zadig's `notify_type` values.
package enum TaskEvent: String, Sendable, CaseIterable {
    case created
    case running
    case passed
    case failed
    case timeout
    case cancelled
    case reject

    /// The event a finished task status announces.
    package init?(finished status: TaskStatus) {
        switch status {
        case .passed: self = .passed
        case .failed: self = .failed
        case .timeout: self = .timeout
        case .cancelled: self = .cancelled
        case .reject: self = .reject
        default: return nil
        }
    }
}

/// A job of a running task that reached a new status (after the change was stored).
package struct JobStateChange: Sendable, Equatable {
    package var stage: String
    package var job: String
    package var status: TaskStatus

    package init(stage: String, job: String, status: TaskStatus) {
        self.stage = stage
        self.job = job
        self.status = status
    }
}

/// Told about task lifecycle events after they are stored. Must return quickly: slow work
/// (HTTP deliveries, retries) belongs in the observer's own task.
package protocol TaskObserver: Sendable {
    func task(_ task: WorkflowTask, did event: TaskEvent) async
    /// Jobs of `task` whose status changed in the snapshot just stored, in stage and job order.
    func jobs(_ changes: [JobStateChange], of task: WorkflowTask) async
    /// `task` waits for a slot and `reason` says why ("concurrency_limit 1 reached by task 12"); told
    /// each time the stored reason changes. Not a `TaskEvent`: notifications never see it.
    func task(_ task: WorkflowTask, waits reason: String) async
    /// `task` was cancelled while it waited for a slot (it never ran; stored as cancelled). Not a
    /// `TaskEvent`: notifications never see it.
    func cancelledWhileWaiting(_ task: WorkflowTask) async
}

extension TaskObserver {
    /// Observers that only care about the task's lifecycle ignore job changes.
    package func jobs(_ changes: [JobStateChange], of task: WorkflowTask) async {}

    /// Observers that only care about the task's lifecycle ignore why it waits.
    package func task(_ task: WorkflowTask, waits reason: String) async {}

    /// Observers that only care about the task's lifecycle ignore a waiting task's cancellation.
    package func cancelledWhileWaiting(_ task: WorkflowTask) async {}
}
