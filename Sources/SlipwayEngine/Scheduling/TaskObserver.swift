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

/// Told about task lifecycle events after they are stored. Must return quickly: slow work
/// (HTTP deliveries, retries) belongs in the observer's own task.
package protocol TaskObserver: Sendable {
    func task(_ task: WorkflowTask, did event: TaskEvent) async
}
