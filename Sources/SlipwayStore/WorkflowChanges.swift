import Synchronization

/// A count of the workflow definitions this process has written (created or replaced), so a
/// reader that keeps what it read of them (the scheduler keeps each workflow's
/// `concurrency_limit`) knows when to read again: a kept value is current while the count it was
/// read under has not moved. Deletions are not counted: a deleted workflow's tasks are refused
/// or dropped before its row goes, so nothing asks for its limit again.
package final class WorkflowChanges: Sendable {
    private let count = Mutex(0)

    package init() {}

    /// Changes so far; read it before reading the rows it guards.
    package var generation: Int { count.withLock { $0 } }

    /// A definition was written; called once its transaction committed.
    func note() { count.withLock { $0 += 1 } }
}
