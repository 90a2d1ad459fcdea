import SlipwayCore
import SlipwayEngine

/// The engine's task lifecycle (created, waiting, running, and how it ended, with every job's
/// state in the task) onto the event bus as `DomainEvent.task`, `.taskWaiting` and `.jobs`. Attach it once with `engine.addObserver`.
package struct TaskEventPublisher: TaskObserver {
    let events: EventBus

    package init(events: EventBus) {
        self.events = events
    }

    package func task(_ task: WorkflowTask, did event: TaskEvent) async {
        await events.publish(.task(task, event))
    }

    package func jobs(_ changes: [JobStateChange], of task: WorkflowTask) async {
        await events.publish(.jobs(task, changes))
    }

    package func task(_ task: WorkflowTask, waits reason: String) async {
        await events.publish(.taskWaiting(task, reason: reason))
    }

    package func cancelledWhileWaiting(_ task: WorkflowTask) async {
        await events.publish(.taskCancelledWhileWaiting(task))
    }
}

extension EventBus {
    /// Subscribes a task observer (the notifier, …) to the bus's task events.
    package func subscribe(_ observer: any TaskObserver) {
        subscribe { event in
            if case .task(let task, let what) = event { await observer.task(task, did: what) }
        }
    }
}
