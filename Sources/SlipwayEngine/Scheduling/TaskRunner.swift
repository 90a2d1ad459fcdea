import Foundation
import Logging
import SlipwayCore
import SlipwayStore

/// What a runner needs from its engine.
struct RunnerHooks: Sendable {
    var onStart: @Sendable (WorkflowTask) async -> Void
    /// Jobs whose status changed in a stored snapshot.
    var onJobChanges: @Sendable ([JobStateChange], WorkflowTask) async -> Void = { _, _ in }
    /// Start a workflow: key, project, params, creator, what starts it → task id.
    var launch: @Sendable (String, String, [String: String], String, String) async throws -> Int
    var awaitTask: @Sendable (String, Int) async -> TaskStatus
}

/// Runs one task: stages in order, each stage's jobs in parallel or one by one, every change
/// written through the journal. Owns the task's state while it runs.
actor TaskRunner {
    var task: WorkflowTask
    private let journal: TaskJournal
    let logs: LogHub
    let executors: ExecutorRegistry
    let configuration: EngineConfiguration
    /// Emptied job directories kept for the next jobs (one set per engine).
    let directories: JobDirectories
    let logger: Logger
    private var revoker: String?
    private var stopping = false
    private var approvalWaiters: [String: CheckedContinuation<TaskStatus, Never>] = [:]

    private let hooks: RunnerHooks
    /// The task's row in the store, when the engine knows it (handed to the journal).
    private let row: Int64?
    /// Each job's status ("stage/job") as last handed to the journal, to announce only what changed.
    private var storedJobStatuses: [String: TaskStatus]
    /// Whether the task's start was announced (`hooks.onStart`), which follows its first write.
    private var announcedStart = false
    /// The task's last job ended and its end waits for the task's end write (`endsTask`).
    private var lastJobEndUnwritten = false
    /// Jobs still running on agents across a restart, to be taken up again (`recoverInterruptedJobs`).
    var reattachedJobs: Set<String> = []
    /// Jobs whose sandbox the backend made ahead of need (`prewarm(stage:)`), not started yet.
    var prewarmed: Set<String> = []

    init(
        task: WorkflowTask, row: Int64? = nil, journal: TaskJournal, logs: LogHub, executors: ExecutorRegistry, configuration: EngineConfiguration,
        directories: JobDirectories, logger: Logger,
        hooks: RunnerHooks
    ) {
        self.task = task
        self.row = row
        self.hooks = hooks
        self.storedJobStatuses = Self.jobStatuses(of: task)
        self.journal = journal
        self.logs = logs
        self.executors = executors
        self.configuration = configuration
        self.directories = directories
        self.logger = logger
    }

    var isCancelled: Bool { revoker != nil }
    var configurationMinute: Duration { configuration.minute }

    func setRevoker(_ user: String) { revoker = user }
    func markStopping() { stopping = true }
    func registerWaiter(key: String, _ continuation: CheckedContinuation<TaskStatus, Never>) {
        approvalWaiters[key] = continuation
    }
    func hasWaiter(key: String) -> Bool { approvalWaiters[key] != nil }
    func takeWaiter(key: String) -> CheckedContinuation<TaskStatus, Never>? { approvalWaiters.removeValue(forKey: key) }
    func takeWaiters() -> [String: CheckedContinuation<TaskStatus, Never>] {
        defer { approvalWaiters = [:] }
        return approvalWaiters
    }

    // MARK: Running

    /// Run until the task ends (or the engine stops). Returns the final state.
    func run() async -> WorkflowTask {
        await journal.begin(task, row: row)
        let final = await runStages()
        discardPrewarmed()
        await journal.end(final)
        return final
    }

    private func runStages() async -> WorkflowTask {
        await recoverInterruptedJobs()
        task.status = .running
        task.pendingReason = ""
        if task.startedAt == 0 { task.startedAt = .now() }
        // The task's start is written with its first job's (or its first stage's approval), and
        // announced once stored (`persist`).
        for index in task.stages.indices {
            if isCancelled || stopping { break }
            if task.stages[index].status.isKeptOnRetry { continue }
            let status = await runStage(index)
            if status.stopsWorkflow { break }
        }
        if stopping && !isCancelled {
            if lastJobEndUnwritten { await persist() }
            return task
        }
        task.status = isCancelled ? .cancelled : TaskStatus.taskStatus(of: task.stages.map(\.status).filter { $0 != .notStarted })
        task.endedAt = .now()
        if task.status != .passed && task.error.isEmpty {
            task.error = task.stages.flatMap(\.jobs).first { !$0.error.isEmpty }?.error ?? ""
        }
        await persist()
        return task
    }

    /// Mark stage `s` running. Its write goes with the next one (its first job's start or its
    /// approval's wait): a stage has no state of its own worth a write.
    private func startStage(_ s: Int) {
        task.stages[s].status = .running
        if task.stages[s].startedAt == 0 { task.stages[s].startedAt = .now() }
    }

    private func runStage(_ s: Int) async -> TaskStatus {
        startStage(s)
        prewarm(stage: s + 1)
        if let approval = task.stages[s].approval, !approval.outcome.isDecided {
            let status = await waitForApproval(key: "stage:\(task.stages[s].name)", spec: approval.spec, since: task.stages[s].startedAt)
            if status != .passed {
                return await endStage(s, status: status)
            }
        }
        if task.stages[s].parallel {
            await withTaskGroup(of: Void.self) { group in
                for j in task.stages[s].jobs.indices where !task.stages[s].jobs[j].status.isSettledForRunner {
                    group.addTask { await self.runJob(s, j) }
                }
            }
        } else {
            for j in task.stages[s].jobs.indices {
                if isCancelled || stopping { break }
                if task.stages[s].jobs[j].status.stopsSerialStage { break }
                if task.stages[s].jobs[j].status.isSettledForRunner { continue }
                await runJob(s, j)
                if task.stages[s].jobs[j].status.stopsSerialStage { break }
            }
        }
        let started = task.stages[s].jobs.map(\.status).filter { $0 != .notStarted }
        return await endStage(s, status: isCancelled ? .cancelled : TaskStatus.stageStatus(of: started))
    }

    /// End stage `s`. Its write goes with the next one: the next stage's first write or the
    /// task's end, which always follows (a runner that stops for a restart writes neither, and the
    /// stage, its jobs settled, ends again when the task resumes).
    private func endStage(_ s: Int, status: TaskStatus) async -> TaskStatus {
        if stopping && !isCancelled { return .running }
        task.stages[s].status = status
        task.stages[s].endedAt = .now()
        return status
    }

    private func runJob(_ s: Int, _ j: Int) async {
        if isCancelled {
            task.stages[s].jobs[j].status = .cancelled
            return
        }
        if task.stages[s].jobs[j].status == .waitForManualErrorHandling {
            await resumeErrorDecision(s, j)
            return
        }
        let name = task.stages[s].jobs[j].name
        let type = task.stages[s].jobs[j].type
        let renderer = VariableRenderer(values: task.variables)
        if let policy = task.stages[s].jobs[j].executePolicy, policy.skips(render: { renderer.render($0, dropUnknown: true) }) {
            task.stages[s].jobs[j].status = .skipped
            task.stages[s].jobs[j].startedAt = .now()
            task.stages[s].jobs[j].endedAt = task.stages[s].jobs[j].startedAt
            task.context["job.\(name).status"] = TaskStatus.skipped.rawValue
            await persist()
            return
        }
        let rendered: CompiledJob?
        var planProblem: String?
        do { rendered = try task.renderedJob(task.stages[s].jobs[j], renderer: renderer) } catch {
            rendered = nil
            planProblem = "invalid job spec: \(error)"
        }
        let settings = rendered?.settings ?? JobSettings()
        // New values only, in order: an unchanged list leaves the task's document as stored.
        for value in settings.credentialValues where !value.isEmpty && !task.secrets.contains(value) { task.secrets.append(value) }
        let masker = SecretMasker(task.secrets)
        let resuming = task.stages[s].jobs[j].status == .waitForApproval
        let reattaching = reattachedJobs.remove(name) != nil
        task.stages[s].jobs[j].status = type == .approval ? .waitForApproval : .running
        if task.stages[s].jobs[j].startedAt == 0 || !(resuming || reattaching) { task.stages[s].jobs[j].startedAt = .now() }
        task.stages[s].jobs[j].endedAt = 0
        task.stages[s].jobs[j].error = ""
        await persist()

        let key = LogKey(workflowKey: task.workflowKey, taskID: task.taskID, jobName: name)
        // Each component says it is a directory: otherwise Foundation stats the path to find out.
        let jobRoot = jobRoot(for: name)
        let workspace = jobRoot.appendingPathComponent("workspace", isDirectory: true)
        let outputs = jobRoot.appendingPathComponent("outputs", isDirectory: true)
        let artifacts = configuration.dataDirectory.appendingPathComponent("artifacts", isDirectory: true)
            .appendingPathComponent(task.workflowKey, isDirectory: true).appendingPathComponent(String(task.taskID), isDirectory: true).appendingPathComponent(
                name, isDirectory: true)
        // A sandbox made ahead has the job directory bound: it is kept (it was made empty).
        let warm = prewarmed.remove(name) != nil
        let setupProblem = await prepareJobFiles(log: key, jobRoot: jobRoot, workspace: workspace, outputs: outputs, keep: reattaching || warm)
        let replaying = reattaching ? (configuration.agentBackend as? AgentBackend)?.replayGate(jobDirectory: jobRoot) : nil
        var environment = task.defaultEnvironment(jobName: name, workspace: workspace, outputs: outputs)
        for env in settings.envs { environment[env.key] = env.value }

        let logs = self.logs
        let context = rendered.map { rendered in
            JobContext(
                workflowKey: task.workflowKey, projectKey: task.projectKey, taskID: task.taskID, jobName: name, jobType: type,
                plan: rendered.plan, environment: environment, workspace: workspace, jobDirectory: jobRoot, outputsDirectory: outputs,
                artifactsDirectory: artifacts,
                log: { line in
                    if let replaying, await replaying() { return }
                    await logs.append(key, masker.mask(line))
                },
                processStarted: { pid in await self.noteProcess(s, j, pid) },
                awaitApproval: { approvalSpec in
                    await self.waitForApproval(key: "job:\(name)", spec: approvalSpec, since: self.task.stages[s].jobs[j].startedAt)
                },
                launchWorkflow: { [creator = task.creator, project = task.projectKey, parent = task.startedByThis] key, targetProject, params in
                    try await self.hooks.launch(key, targetProject ?? project, params, creator, parent)
                },
                awaitTask: hooks.awaitTask, logPosition: { await logs.openLineCount(key) })
        }

        var outcome: JobOutcome
        var waitedForAgent = false
        if let setupProblem {
            // Without its log or workspace the job cannot run: it fails with the reason recorded.
            outcome = JobOutcome(.failed, error: setupProblem)
        } else if let planProblem {
            await logs.append(key, planProblem)
            outcome = JobOutcome(.failed, error: planProblem)
        } else if let context {
            let timeout = min(settings.timeoutMinutes ?? configuration.defaultJobTimeoutMinutes, 525_600)
            waitedForAgent = await noteAgentWait(for: context)
            while true {
                outcome = await execute(type: type, context: context, timeoutMinutes: timeout)
                if isCancelled { outcome = JobOutcome(.cancelled) }
                let policy = task.stages[s].jobs[j].errorPolicy
                if [.failed, .timeout].contains(outcome.status), policy.policy == .retry,
                    task.stages[s].jobs[j].retryCount < policy.maximumRetry, !stopping
                {
                    task.stages[s].jobs[j].retryCount += 1
                    AgentBackend.newAttempt(jobDirectory: jobRoot)
                    await logs.append(key, "job \(outcome.status.rawValue): retry \(task.stages[s].jobs[j].retryCount) of \(policy.maximumRetry)")
                    await persist()
                    do { try await Task.sleep(for: configuration.retryDelay) } catch { /* cancelled: the next attempt sees it */  }
                    continue
                }
                if [.failed, .timeout].contains(outcome.status), policy.policy == .ignoreError {
                    await logs.append(key, "job \(outcome.status.rawValue), error ignored by the error policy")
                    outcome = JobOutcome(.unstable, error: outcome.error)
                }
                if [.failed, .timeout].contains(outcome.status), policy.policy == .manualCheck, !stopping {
                    await logs.append(key, "job \(outcome.status.rawValue): waiting for a manual decision (ignore or reject)")
                    task.stages[s].jobs[j].status = .waitForManualErrorHandling
                    task.stages[s].jobs[j].error = masker.mask(outcome.error)
                    await persist()
                    let decision = await waitForErrorDecision(job: name)
                    if decision == .unstable { outcome = JobOutcome(.unstable, error: outcome.error) }
                    if decision == .cancelled { outcome = JobOutcome(.cancelled) }
                }
                break
            }
        } else {
            outcome = JobOutcome(.failed, error: "job \(name) has no plan")
        }
        // A job that started no process leaves its sandbox unused.
        if warm { executors.backend?.discardPrewarmed(jobDirectory: jobRoot) }
        if stopping && !isCancelled {
            await logs.end(key)
            return
        }
        let produced = JobFiles.readOutputs(outputs.path)
        for (k, v) in produced { task.context["job.\(name).output.\(k)"] = v }
        task.context["job.\(name).status"] = outcome.status.rawValue
        task.stages[s].jobs[j].outputs = produced
        task.stages[s].jobs[j].status = outcome.status
        task.stages[s].jobs[j].error = masker.mask(outcome.error)
        task.stages[s].jobs[j].endedAt = .now()
        task.stages[s].jobs[j].processGroup = nil
        if waitedForAgent { task.pendingReason = "" }
        if endsTask(s, j) {
            lastJobEndUnwritten = true
        } else {
            await persist()
        }
        await logs.end(key)
        if !configuration.keepWorkspaces { removeJobFiles(jobRoot) }
    }

    /// Whether job `j` of stage `s`, just ended, ends the task's run: the last stage, no other
    /// job of it left to run or still running, not cancelled or stopping. Its end is then written
    /// with the task's end, which follows without a wait: one write instead of two, and the job's
    /// end is announced with it, before the task's.
    private func endsTask(_ s: Int, _ j: Int) -> Bool {
        guard s == task.stages.count - 1, !isCancelled, !stopping else { return false }
        return task.stages[s].jobs.indices.allSatisfy { $0 == j || task.stages[s].jobs[$0].status.isCompleted }
    }

    /// Run the executor, racing it against the job timeout.
    private func execute(type: JobType, context: JobContext, timeoutMinutes: Int) async -> JobOutcome {
        guard let executor = executors.executors[type] else {
            return JobOutcome(.failed, error: "no executor for job type \(type.rawValue)")
        }
        // Approvals keep their own timeout.
        if type == .approval { return await executor.run(context) }
        return await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask { await executor.run(context) }
            group.addTask {
                do {
                    try await SlicedSleep.sleep(for: self.configuration.minute * timeoutMinutes)
                    return JobOutcome(.timeout, error: "job timed out after \(timeoutMinutes) minute(s)")
                } catch {
                    return nil
                }
            }
            var result = JobOutcome(.cancelled)
            if let first = await group.next() {
                group.cancelAll()
                if let outcome = first {
                    result = outcome
                    if outcome.status == .timeout {
                        await context.log(outcome.error)
                        _ = await group.next()
                    }
                }
            }
            return result
        }
    }

    /// Record the process group a job started (for recovery after a crash), without holding up
    /// the job's output for the write: it goes with the journal's next batch.
    private func noteProcess(_ s: Int, _ j: Int, _ pid: Int32) async {
        task.stages[s].jobs[j].processGroup = pid
        await journal.note(task)
    }

    func persist() async {
        // What changed is taken in call order, before the write awaits (the task moves on meanwhile),
        // and announced once that snapshot is stored.
        let snapshot = task
        var changes: [JobStateChange] = []
        for stage in snapshot.stages {
            for job in stage.jobs {
                let key = stage.name + "/" + job.name
                guard storedJobStatuses[key] != job.status else { continue }
                storedJobStatuses[key] = job.status
                changes.append(JobStateChange(stage: stage.name, job: job.name, status: job.status))
            }
        }
        await journal.record(snapshot)
        if !announcedStart {
            announcedStart = true
            await hooks.onStart(snapshot)
        }
        if !changes.isEmpty { await hooks.onJobChanges(changes, snapshot) }
    }

    private static func jobStatuses(of task: WorkflowTask) -> [String: TaskStatus] {
        var statuses: [String: TaskStatus] = [:]
        for stage in task.stages {
            for job in stage.jobs { statuses[stage.name + "/" + job.name] = job.status }
        }
        return statuses
    }
}
