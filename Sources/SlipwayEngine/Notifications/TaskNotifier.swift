import AsyncHTTPClient
import Foundation
import Logging
import SlipwayCore

/// Recent delivery outcomes and the number still in flight.
actor NotificationDeliveryLog {
    private(set) var records: [NotificationDelivery] = []
    private var pending = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func enqueued() {
        pending += 1
    }

    func finished(_ record: NotificationDelivery?) {
        if let record {
            records.append(record)
            if records.count > capacity { records.removeFirst(records.count - capacity) }
        }
        pending -= 1
        if pending == 0 {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }

    func waitUntilIdle() async {
        guard pending > 0 else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }
}

/// Sends `notify_ctls` messages for task events: WeChat Work, DingTalk, Lark/Feishu robots and
/// generic webhooks. `task(_:did:)` only shapes the messages and queues them; a background task
/// delivers them concurrently with retries, so a slow or dead endpoint never holds up the engine.
package final class TaskNotifier: TaskObserver {
    /// Base of task links in messages (`https://slipway.example.com`); no link when nil.
    package let publicURL: String?
    private let sender: NotificationSender
    private let log: NotificationDeliveryLog
    private let logger: Logger
    private let queue: AsyncStream<Item>.Continuation
    private let worker: Task<Void, Never>

    struct Item: Sendable {
        var request: NotificationRequest
        var workflowKey: String
        var taskID: Int
        var event: TaskEvent
    }

    package init(
        publicURL: String? = nil, client: HTTPClient = .notifications, retry: NotificationRetryPolicy = .standard,
        keepDeliveries: Int = 200, logger: Logger = Logger(label: "slipway.notify")
    ) {
        self.publicURL = publicURL
        let sender = NotificationSender(client: client, policy: retry, logger: logger)
        let log = NotificationDeliveryLog(capacity: keepDeliveries)
        let (stream, queue) = AsyncStream.makeStream(of: Item.self)
        self.sender = sender
        self.log = log
        self.logger = logger
        self.queue = queue
        self.worker = Task {
            await withDiscardingTaskGroup { group in
                for await item in stream {
                    group.addTask { await TaskNotifier.deliver(item, sender: sender, log: log, logger: logger) }
                }
            }
        }
    }

    deinit {
        queue.finish()
    }

    package func task(_ task: WorkflowTask, did event: TaskEvent) async {
        let (controls, problems) = NotifyControl.parse(task.notifyControls)
        if event == .created {
            for (index, problem) in problems {
                logger.warning(
                    "notify_ctls entry ignored",
                    metadata: [
                        "workflow": "\(task.workflowKey)", "index": "\(index)", "reason": "\(problem)",
                    ])
            }
        }
        let wanted = controls.filter { $0.events.contains(event) }
        guard !wanted.isEmpty else { return }
        let message = NotificationMessage.task(task, event: event, publicURL: publicURL)
        for control in wanted {
            await log.enqueued()
            let item = Item(
                request: NotificationRenderer.request(for: control.target, message), workflowKey: task.workflowKey,
                taskID: task.taskID, event: event)
            if case .terminated = queue.yield(item) { await log.finished(nil) }
        }
    }

    /// The latest delivery outcomes, oldest first.
    package var recentDeliveries: [NotificationDelivery] {
        get async { await log.records }
    }

    /// Wait until every queued delivery has ended (delivered or given up).
    package func waitUntilIdle() async {
        await log.waitUntilIdle()
    }

    /// Stop taking new messages and wait for those in flight.
    package func shutdown() async {
        queue.finish()
        await worker.value
    }

    private static func deliver(_ item: Item, sender: NotificationSender, log: NotificationDeliveryLog, logger: Logger) async {
        let started = EpochMillis.now()
        let result = await sender.send(item.request)
        let record = NotificationDelivery(
            source: "task", workflowKey: item.workflowKey, taskID: item.taskID, event: item.event.rawValue,
            provider: item.request.target.provider, destination: item.request.target.redactedAddress,
            attempts: result.attempts, delivered: result.delivered, statusCode: result.statusCode, error: result.error,
            startedAt: started, finishedAt: .now())
        if !result.delivered {
            logger.error(
                "notification not delivered",
                metadata: [
                    "workflow": "\(item.workflowKey)", "task": "\(item.taskID)", "event": "\(item.event.rawValue)",
                    "provider": "\(record.provider.rawValue)", "destination": "\(record.destination)",
                    "attempts": "\(result.attempts)", "error": "\(result.error)",
                ])
        }
        await log.finished(record)
    }
}
