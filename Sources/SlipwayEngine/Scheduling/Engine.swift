import Foundation
import Logging
import SlipwayCore
import SlipwayStore

/// The workflow engine: an event-driven FIFO scheduler over durable tasks.
/// The database is the truth; this actor only caches what runs and what waits.
package actor Engine {
    let store: Store
    package nonisolated let logs: LogHub
    /// Emptied job directories kept for the next jobs.
    let directories: JobDirectories
    let executors: ExecutorRegistry
    let configuration: EngineConfiguration
    /// The length of the "minute" in which timeouts are given (tests shorten it).
    package nonisolated var minute: Duration { configuration.minute }
    let logger: Logger
    /// Writes every runner's state changes, batching those that arrive while a write is in flight.
    package let journal: TaskJournal
    var observers: [any TaskObserver] = []

    struct Ref: Hashable {
        let workflowKey: String
        let taskID: Int
    }
    /// A task waiting for a slot, with why it waits. `task` is the task as stored, kept when it
    /// was queued behind fewer than `maxKeptWaiting` others (or read with an earlier task of its
    /// workflow, `readWaiting`), so starting it reads nothing; nil: read when its turn comes,
    /// together with the next ones of its workflow that keep nothing.
    struct Waiting {
        let ref: Ref
        var reason: String
        var task: WorkflowTask?
        /// The task's row in the store, when known from its creation (its first write skips a lookup).
        var row: Int64? = nil
    }
    /// The queue length up to which a newly queued task keeps its whole state in memory.
    package static let maxKeptWaiting = 256
    /// Reads of waiting tasks that kept no state (`readWaiting`), for tests.
    package internal(set) var waitingReads = 0
    struct Running { let runner: TaskRunner; let handle: Task<WorkflowTask, Never>; let startedOrder: Int }

    var queue: [Waiting] = []
    var keptLimits = KeptLimits()
    var running: [Ref: Running] = [:]
    var order = 0
    var shuttingDown = false
    var scheduling = false
    var rescheduleRequested = false
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    var completionWaiters: [Ref: [UUID: CheckedContinuation<TaskStatus, Never>]] = [:]

    package init(
        store: Store, configuration: EngineConfiguration, executors: Optional<ExecutorRegistry> = nil, logger: Logger = Logger(label: "slipway.engine")
    ) {
        self.store = store
        self.configuration = configuration
        self.executors = executors ?? .standard(store: store, configuration: configuration)
        self.logger = logger
        self.journal = TaskJournal(store: store, logger: logger)
        self.logs = LogHub(root: configuration.dataDirectory.appendingPathComponent("logs"))
        self.directories = JobDirectories(dataDirectory: configuration.dataDirectory)
    }

    /// Register an observer of task events (notifications, triggers).
    package func addObserver(_ observer: any TaskObserver) {
        observers.append(observer)
    }

    func announce(_ task: WorkflowTask, _ event: TaskEvent) async {
        for observer in observers { await observer.task(task, did: event) }
    }

    /// Reload unfinished tasks: waiting ones queue again in order, running ones resume
    /// (interrupted jobs fail with a recorded reason, approvals keep waiting).
    package func start() async throws {
        for task in try await store.tasks.unfinished() {
            let ref = Ref(task)
            switch task.status {
            case .created, .waiting, .queued:
                if task.status != .waiting {
                    try await store.tasks.update(workflowKey: ref.workflowKey, taskID: ref.taskID) { $0.status = .waiting }
                }
                queue.append(Waiting(ref: ref, reason: "", task: nil))
            default:
                logger.info("resuming task after restart", metadata: ["workflow": "\(ref.workflowKey)", "task": "\(ref.taskID)"])
                launch(task)
            }
        }
        await schedule()
    }

    /// Create a task for a workflow and queue it. Returns the stored task (with its number).
    package func submit(_ workflow: Workflow, _ request: RunRequest) async throws -> WorkflowTask {
        var task = try TaskPlanner.plan(workflow, request)
        task.status = .waiting
        // With every slot taken, the task is stored with the reason it waits, which the next
        // pass then keeps without a read or a write of its own (a limit of 0 has its own reason).
        let full = running.count >= configuration.maxRunningTasks && workflow.concurrencyLimit != 0
        if full { task.pendingReason = globalLimitReason }
        let (stored, row) = try await store.tasks.insert(task)
        for job in TaskPlanner.unknownJobInputs(workflow, request) {
            logger.warning(
                "run inputs name a job the workflow does not have; ignored",
                metadata: ["workflow": "\(workflow.key)", "task": "\(stored.taskID)", "job": "\(job)"])
        }
        await announce(stored, .created)
        queue.append(Waiting(ref: Ref(stored), reason: stored.pendingReason, task: keepsWaitingTasks ? stored : nil, row: row))
        if full {
            for observer in observers { await observer.task(stored, waits: stored.pendingReason) }
        }
        await schedule()
        return stored
    }

    /// Cancel any task that has not passed.
    package func cancel(workflowKey: String, taskID: Int, by user: String) async throws {
        let ref = Ref(workflowKey: workflowKey, taskID: taskID)
        guard let task = try await store.tasks.get(workflowKey: workflowKey, taskID: taskID) else {
            throw SlipwayError.notFound("task \(workflowKey):\(taskID) not found")
        }
        guard task.status != .passed else {
            throw SlipwayError.failedPrecondition("task: \(workflowKey):\(taskID) is passed, cannot cancel")
        }
        if let entry = running[ref] {
            await entry.runner.cancel(by: user)
            entry.handle.cancel()
            return
        }
        queue.removeAll { $0.ref == ref }
        let cancelled = try await store.tasks.update(workflowKey: workflowKey, taskID: taskID) { task in
            task.status = .cancelled
            task.revoker = user
            task.pendingReason = ""
            if task.endedAt == 0 { task.endedAt = .now() }
            for s in task.stages.indices {
                for j in task.stages[s].jobs.indices where !task.stages[s].jobs[j].status.isCompleted && task.stages[s].jobs[j].status != .notStarted {
                    task.stages[s].jobs[j].status = .cancelled
                }
            }
        }
        resumeCompletion(ref, .cancelled)
        for observer in observers { await observer.cancelledWhileWaiting(cancelled) }
        await logs.releasePending(workflowKey: workflowKey, taskID: taskID)
        await schedule()
    }

    /// The rows of these workflows were deleted (their project or depot went): stop their
    /// runners and drop their waiting tasks without writing anything, so a task that started
    /// after the caller's own cancellations cannot outlive its rows.
    package func forgetDeleted(workflowKeys: Set<String>, by user: String) async {
        guard !workflowKeys.isEmpty else { return }
        for (ref, entry) in running where workflowKeys.contains(ref.workflowKey) {
            await entry.runner.cancel(by: user)
            entry.handle.cancel()
        }
        let dropped = queue.filter { workflowKeys.contains($0.ref.workflowKey) }
        queue.removeAll { workflowKeys.contains($0.ref.workflowKey) }
        for waiting in dropped {
            resumeCompletion(waiting.ref, .cancelled)
            await logs.releasePending(workflowKey: waiting.ref.workflowKey, taskID: waiting.ref.taskID)
        }
        await schedule()
    }

    /// Retry a failed, timed-out, cancelled or rejected task under the same number: what passed is kept.
    package func retry(workflowKey: String, taskID: Int) async throws {
        let ref = Ref(workflowKey: workflowKey, taskID: taskID)
        guard running[ref] == nil, !queue.contains(where: { $0.ref == ref }) else {
            throw SlipwayError.failedPrecondition("工作流任务状态无法重试")
        }
        let waiting = try await store.tasks.update(workflowKey: workflowKey, taskID: taskID) { task in
            guard task.status.isRetryable else { throw SlipwayError.failedPrecondition("工作流任务状态无法重试") }
            task.status = .waiting
            task.retryCount += 1
            task.revoker = ""
            task.error = ""
            task.endedAt = 0
            task.startedAt = .now()
            for s in task.stages.indices where !task.stages[s].status.isKeptOnRetry {
                task.stages[s].status = .notStarted
                task.stages[s].startedAt = 0
                task.stages[s].endedAt = 0
                task.stages[s].error = ""
                if task.stages[s].approval?.outcome == .reject { task.stages[s].approval = ApprovalRun(spec: task.stages[s].approval!.spec) }
                for j in task.stages[s].jobs.indices where !task.stages[s].jobs[j].status.isKeptOnRetry {
                    task.stages[s].jobs[j].status = .notStarted
                    task.stages[s].jobs[j].error = ""
                    task.stages[s].jobs[j].startedAt = 0
                    task.stages[s].jobs[j].endedAt = 0
                    task.stages[s].jobs[j].approval = nil
                    task.stages[s].jobs[j].errorHandler = nil
                }
            }
        }
        queue.append(Waiting(ref: ref, reason: "", task: keepsWaitingTasks ? waiting : nil))
        await schedule()
    }

    /// Whether a task queued now keeps its state in memory: while the queue is short
    /// (`maxKeptWaiting`), so a long backlog costs no memory per task.
    private var keepsWaitingTasks: Bool { queue.count < Self.maxKeptWaiting }

    /// Approve or reject a waiting approval job (or stage approval) of a running task.
    package func approve(workflowKey: String, taskID: Int, name: String, user: String, approve: Bool, comment: String) async throws {
        guard let entry = running[Ref(workflowKey: workflowKey, taskID: taskID)] else {
            throw SlipwayError.notFound("workflow \(workflowKey) ID \(taskID) stage \(name) do not need approve")
        }
        try await entry.runner.decide(name: name, user: user, approve: approve, comment: comment)
    }

    /// Decide a job waiting under `error_policy: manual_check`: `ignore` (→ unstable) or `reject`.
    package func handleJobError(workflowKey: String, taskID: Int, job: String, user: User, decision: String) async throws {
        guard let entry = running[Ref(workflowKey: workflowKey, taskID: taskID)] else {
            throw SlipwayError.notFound("can not find workflow task: \(workflowKey), taskID: \(taskID) to handle its error")
        }
        try await entry.runner.decideError(job: job, user: user, decision: decision)
    }

    /// Stop every runner without recording outcomes, so the next start resumes from the database.
    package func shutdown() async {
        shuttingDown = true
        for entry in running.values {
            await entry.runner.stopForShutdown()
            entry.handle.cancel()
        }
        for entry in running.values { _ = await entry.handle.value }
        running.removeAll()
        // What the runners only noted goes to the store before it closes.
        await journal.close()
    }

    /// Wait until nothing runs or waits (tests and benchmarks).
    package func waitUntilIdle() async {
        if running.isEmpty && queue.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// How many tasks run and wait right now.
    package var load: (running: Int, waiting: Int) { (running.count, queue.count) }
}

extension Engine.Ref {
    init(_ task: WorkflowTask) { self.init(workflowKey: task.workflowKey, taskID: task.taskID) }
}
