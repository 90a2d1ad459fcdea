import Foundation
import SlipwayCore

extension Engine {
    /// Start every waiting task the limits allow, in FIFO order; record why the others wait.
    /// Called whenever something changes: a new task, a finished task, a cancel, a retry.
    /// Never re-entered: a call during a pass asks for one more pass.
    func schedule() async {
        guard !shuttingDown else { return }
        if scheduling {
            rescheduleRequested = true
            return
        }
        scheduling = true
        repeat {
            rescheduleRequested = false
            await schedulingPass()
        } while rescheduleRequested && !shuttingDown
        scheduling = false
        notifyIfIdle()
    }

    private func schedulingPass() async {
        let full = globalLimitReason
        keptLimits.follow(store.workflows.changes.generation)
        for entry in queue {
            let ref = entry.ref
            // While every slot is taken, a task already waiting for one keeps its reason: no
            // store read, and a pass over a long queue stays linear.
            if entry.reason == full && running.count >= configuration.maxRunningTasks { continue }
            guard queue.contains(where: { $0.ref == ref }) else { continue }
            guard let limit = await concurrencyLimit(of: ref.workflowKey) else { continue }
            // The queue may have changed while we awaited: look the entry up again.
            guard let index = queue.firstIndex(where: { $0.ref == ref }) else { continue }
            guard let limit else {
                // Its workflow is gone, and its tasks with it: nothing is left to start.
                queue.remove(at: index)
                resumeCompletion(ref, .cancelled)
                continue
            }
            guard let reason = blockReason(for: ref, limit: limit) else {
                // Leave the queue only once the task is launched or known not to wait any more:
                // a failed read must not strand it outside the queue.
                if await start(queue[index]) != .retryLater {
                    queue.removeAll { $0.ref == ref }
                } else {
                    retrySoon()
                }
                continue
            }
            if reason != queue[index].reason { await record(reason, for: ref) }
        }
    }

    /// A workflow's concurrency limit, read once per change of any definition (`KeptLimits`):
    /// `.some(nil)` when the workflow is gone, nil when it could not be read (the task then stays
    /// queued for a pass a second later).
    private func concurrencyLimit(of workflowKey: String) async -> Int?? {
        if let kept = keptLimits.limit(of: workflowKey) { return kept }
        let generation = store.workflows.changes.generation
        do {
            let limit = try await store.workflows.concurrencyLimit(key: workflowKey)
            keptLimits.keep(limit, for: workflowKey, readAt: generation)
            return .some(limit)
        } catch {
            logger.warning(
                "could not read a workflow's concurrency limit; its tasks stay queued",
                metadata: ["workflow": "\(workflowKey)", "error": "\(error)"])
            retrySoon()
            return nil
        }
    }

    /// Record why a queued task waits (one column: the task's document is neither read nor
    /// written) and tell the observers; a failed write is tried again on a later pass.
    private func record(_ reason: String, for ref: Ref) async {
        guard let index = queue.firstIndex(where: { $0.ref == ref }) else { return }
        let previous = queue[index].reason
        queue[index].reason = reason
        do {
            if try await store.tasks.setPendingReason(workflowKey: ref.workflowKey, taskID: ref.taskID, reason) {
                let kept = queue.firstIndex { $0.ref == ref }
                if let kept { queue[kept].task?.pendingReason = reason }
                var waiting = kept.flatMap { queue[$0].task }
                if waiting == nil { waiting = try await store.tasks.get(workflowKey: ref.workflowKey, taskID: ref.taskID) }
                if let waiting {
                    for observer in observers { await observer.task(waiting, waits: reason) }
                }
            }
        } catch {
            // The reason is written again on the next pass; the task keeps its place.
            logger.warning(
                "could not record why a task waits",
                metadata: [
                    "workflow": "\(ref.workflowKey)", "task": "\(ref.taskID)", "error": "\(error)",
                ])
            if let again = queue.firstIndex(where: { $0.ref == ref }) { queue[again].reason = previous }
            retrySoon()
        }
    }

    /// Run another scheduling pass in a second: what a failed read or write left undone is retried.
    func retrySoon() {
        Task { [weak self] in
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            await self?.schedule()
        }
    }

    /// Why a task waits while every slot of the engine is taken.
    var globalLimitReason: String { "global limit of \(configuration.maxRunningTasks) running tasks reached" }

    /// Nil when the task may start now; otherwise the human reason it waits.
    func blockReason(for ref: Ref, limit: Int) -> String? {
        if limit == 0 { return "concurrency_limit 0: this workflow never runs" }
        if running.count >= configuration.maxRunningTasks { return globalLimitReason }
        if limit > 0 {
            let mine = running.filter { $0.key.workflowKey == ref.workflowKey }
            if mine.count >= limit {
                let oldest = mine.min { $0.value.startedOrder < $1.value.startedOrder }?.key.taskID ?? 0
                return "concurrency_limit \(limit) reached by task \(oldest)"
            }
        }
        return nil
    }

    private enum StartOutcome { case launched, notWaiting, retryLater }

    /// Start `entry`. A task kept since it was queued is current as kept: only this engine
    /// changes a waiting task (a cancel or a retry goes through it, and a deletion of its
    /// workflow drops it from the queue first), so its start reads nothing.
    private func start(_ entry: Waiting) async -> StartOutcome {
        let ref = entry.ref
        let task: WorkflowTask?
        if let kept = entry.task {
            task = kept
        } else {
            do {
                task = try await readWaiting(from: ref)
            } catch {
                logger.warning("could not read a waiting task; it stays queued", metadata: ["workflow": "\(ref.workflowKey)", "task": "\(ref.taskID)"])
                return .retryLater
            }
            // A cancel while the task was read took it off the queue.
            guard queue.contains(where: { $0.ref == ref }) else { return .notWaiting }
        }
        guard let task, task.status == .waiting else { return .notWaiting }
        guard running[ref] == nil else { return .notWaiting }
        launch(task, row: entry.row)
        return .launched
    }

    /// How many waiting tasks that keep no state one read brings in.
    static let waitingReadBatch = 64

    /// Read `ref`, and with it the next tasks of its workflow in the queue that keep no state
    /// (up to `waitingReadBatch`): each of those keeps what was read, current as kept for the
    /// same reason as a task kept since it was queued. A backlog longer than `maxKeptWaiting`
    /// so starts with a read per batch, not per task.
    private func readWaiting(from ref: Ref) async throws -> WorkflowTask? {
        guard let from = queue.firstIndex(where: { $0.ref == ref }) else { return nil }
        var numbers = [ref.taskID]
        for entry in queue[(from + 1)...] where entry.task == nil && entry.ref.workflowKey == ref.workflowKey {
            guard numbers.count < Self.waitingReadBatch else { break }
            numbers.append(entry.ref.taskID)
        }
        var read: [Int: WorkflowTask] = [:]
        waitingReads += 1
        for task in try await store.tasks.get(workflowKey: ref.workflowKey, taskIDs: numbers) { read[task.taskID] = task }
        // The queue may have changed meanwhile: what is still queued, waiting, keeps its state.
        for index in queue.indices where queue[index].task == nil && queue[index].ref.workflowKey == ref.workflowKey && queue[index].ref != ref {
            if let task = read[queue[index].ref.taskID], task.status == .waiting { queue[index].task = task }
        }
        return read[ref.taskID]
    }

    /// Run a task in the background; when it ends, free its slot and schedule again.
    func launch(_ task: WorkflowTask, row: Int64? = nil) {
        let ref = Ref(task)
        let observers = self.observers
        let hooks = RunnerHooks(
            onStart: { started in for observer in observers { await observer.task(started, did: .running) } },
            onJobChanges: { changes, task in for observer in observers { await observer.jobs(changes, of: task) } },
            launch: { [weak self] key, project, params, creator, startedBy in
                guard let self else { throw SlipwayError.internalError("engine stopped") }
                return try await self.trigger(workflowKey: key, projectKey: project, params: params, creator: creator, startedBy: startedBy)
            },
            awaitTask: { [weak self] key, id in
                await self?.awaitCompletion(workflowKey: key, taskID: id) ?? .cancelled
            })
        let runner = TaskRunner(
            task: task, row: row, journal: journal, logs: logs, executors: executors, configuration: configuration,
            directories: directories, logger: logger, hooks: hooks)
        order += 1
        // Cancelling a task cancels `work` (its processes die) but never the hand-over below:
        // announcing the end and freeing the slot for the next waiting task must not run cancelled.
        let work = Task { await runner.run() }
        Task {
            let final = await work.value
            if let event = TaskEvent(finished: final.status) { await self.announce(final, event) }
            await self.finished(ref, final.status)
        }
        running[ref] = Running(runner: runner, handle: work, startedOrder: order)
    }

    /// A task ended with `status` (the runner's own final state, so no read can fail here).
    private func finished(_ ref: Ref, _ status: TaskStatus) async {
        running.removeValue(forKey: ref)
        await logs.releasePending(workflowKey: ref.workflowKey, taskID: ref.taskID)
        if completionWaiters[ref] != nil { resumeCompletion(ref, status) }
        await schedule()
    }

    func notifyIfIdle() {
        guard running.isEmpty && queue.isEmpty else { return }
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }
}

extension Engine {
    /// Start a workflow on behalf of a running task (workflow-trigger jobs).
    func trigger(workflowKey: String, projectKey: String, params: [String: String], creator: String, startedBy: String) async throws -> Int {
        guard let workflow = try await store.workflows.get(key: workflowKey), workflow.projectKey == projectKey else {
            throw SlipwayError.notFound("workflow \(workflowKey) not found in project \(projectKey)")
        }
        return try await submit(workflow, RunRequest(params: params, creator: creator, startedBy: startedBy)).taskID
    }

    /// The final status of a task, waiting for it to end if needed (returns `cancelled` if the caller is cancelled).
    func awaitCompletion(workflowKey: String, taskID: Int) async -> TaskStatus {
        let ref = Ref(workflowKey: workflowKey, taskID: taskID)
        let isLive = running[ref] != nil || queue.contains { $0.ref == ref }
        if !isLive { return await storedStatus(ref) }
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: .cancelled)
                } else {
                    completionWaiters[ref, default: [:]][id] = continuation
                }
            }
        } onCancel: {
            Task { await self.dropCompletionWaiter(ref, id) }
        }
    }

    /// A waiter was cancelled (its parent task was): let it go, and forget the task's entry when
    /// no one else waits for it, so a child that keeps running holds nothing for the gone parent.
    private func dropCompletionWaiter(_ ref: Ref, _ id: UUID) {
        guard let waiter = completionWaiters[ref]?.removeValue(forKey: id) else { return }
        if completionWaiters[ref]?.isEmpty == true { completionWaiters[ref] = nil }
        waiter.resume(returning: .cancelled)
    }

    /// How many tasks someone waits on to end (tests).
    package var tasksAwaited: Int { completionWaiters.count }

    /// Wake everyone waiting for a task to end.
    func resumeCompletion(_ ref: Ref, _ status: TaskStatus) {
        for waiter in (completionWaiters.removeValue(forKey: ref) ?? [:]).values { waiter.resume(returning: status) }
    }
}

extension Engine {
    /// The stored status of a task that is no longer live. A failed read is retried (three
    /// times, 100 ms apart) and then reported as `failed` with the reason logged, never taken
    /// for a cancel.
    func storedStatus(_ ref: Ref) async -> TaskStatus {
        var lastError: (any Error)?
        for attempt in 0..<3 {
            do {
                return try await store.tasks.get(workflowKey: ref.workflowKey, taskID: ref.taskID)?.status ?? .cancelled
            } catch {
                lastError = error
                if attempt < 2 {
                    do { try await Task.sleep(for: .milliseconds(100)) } catch { break }
                }
            }
        }
        logger.error(
            "could not read a task's status",
            metadata: [
                "workflow": "\(ref.workflowKey)", "task": "\(ref.taskID)", "error": "\(lastError.map { "\($0)" } ?? "cancelled")",
            ])
        return .failed
    }
}
