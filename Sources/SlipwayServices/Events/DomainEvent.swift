import SlipwayCore
import SlipwayEngine
import SlipwayGit

/// Something that happened in the domain, published after the write that made it is stored.
///
/// Triggers, notifications, the audit log and live views subscribe to these through the
/// `EventBus` instead of being called from each operation.
package enum DomainEvent: Sendable {
    /// A ref of a hosted depot moved, by `git push` or by an API write.
    case pushed(DepotPush)
    /// A task was created, started or ended.
    case task(WorkflowTask, TaskEvent)
    /// A queued task waits for a slot; `reason` is its stored pending reason. Never notified.
    case taskWaiting(WorkflowTask, reason: String)
    /// A waiting task was cancelled before it ran (stored as cancelled; not a notification).
    case taskCancelledWhileWaiting(WorkflowTask)
    /// Jobs of a running task reached new statuses (stored), in stage and job order.
    case jobs(WorkflowTask, [JobStateChange])
    /// A merge request was created, changed, merged or closed.
    case mergeRequest(DepotMergeRequest, MergeRequestEvent.Action)
    /// A project and everything in it was deleted.
    case projectDeleted(key: String)
    /// A depot and everything in it was deleted.
    case depotDeleted(Depot)
}
