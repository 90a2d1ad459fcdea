import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayGit

/// A build with where it stands: its task (nil before the task exists) and its run record.
package struct CIBuildState: Sendable {
    package var build: CIBuild
    package var job: CIJob
    package var task: WorkflowTask?
    package var record: JenkinsRunRecord?
    /// What the JUnit files the build published count (nil: it published none).
    package var tests: JUnitTotals? = nil

    /// CODING's status: QUEUED, INITIALIZING, NOT_BUILT, RUNNING, SUCCEED, FAILED, ABORTED, TIMEOUT.
    package var status: String {
        guard let task else { return "QUEUED" }
        switch task.status {
        case .notStarted, .created, .waiting, .queued: return "QUEUED"
        case .prepare: return "INITIALIZING"
        // A build waiting for an agent with its labels has no node yet: queued, the reason in its log.
        case .running where !task.pendingReason.isEmpty: return "QUEUED"
        case .running, .pause, .waitForApproval, .waitForManualErrorHandling: return record == nil ? "INITIALIZING" : "RUNNING"
        // Failing tests leave the pipeline unstable, which the task counts as passed: CODING has
        // no UNSTABLE, and shows such a build as failed.
        case .passed: return CIService.isUnstable(task) ? "FAILED" : "SUCCEED"
        case .failed, .unstable: return "FAILED"
        case .timeout: return "TIMEOUT"
        case .cancelled, .reject: return "ABORTED"
        case .skipped: return "NOT_BUILT"
        }
    }

    /// Milliseconds it ran (so far).
    package var duration: Int64 {
        guard let task, task.startedAt > 0 else { return 0 }
        return max(0, (task.endedAt > 0 ? task.endedAt : EpochMillis.now()) - task.startedAt)
    }

    /// Why it failed, from its job.
    package var failedMessage: String { task?.stages.first?.jobs.first?.error ?? "" }
}

extension CIService {
    /// Start a build of job `jobID` at `revision` (a branch or commit of its depot; the default
    /// branch when empty) with `params` exported; `given` names the branch of a pushed commit.
    package func trigger(
        jobID: Int64, revision: String?, branch given: String? = nil, params: [CIJob.Variable], by user: User, method: String = "MANUAL",
        cause: String = "triggered manually by coding"
    ) async throws -> CIBuildState {
        let (job, secrets) = try await job(jobID, by: user, write: true)
        guard params.count <= CIJobRules.maxVariables else { throw SlipwayError.invalidInput("ParamList has more than \(CIJobRules.maxVariables) entries") }
        for param in params where !JenkinsVariable.isName(param.name) {
            throw SlipwayError.invalidInput("ParamList name \(param.name.prefix(60)) is not a valid variable name")
        }
        var commit = "", branch = ""
        var jenkinsfile = job.jenkinsFileStaticContent
        if job.depotID > 0 {
            guard let depot = try await store.depots.get(id: job.depotID) else { throw SlipwayError.notFound("depot \(job.depotID) not found") }
            let repository = try context.depots.repository(depot)
            var wanted = revision ?? ""
            if wanted.isEmpty { wanted = try await repository.defaultBranch() ?? "" }
            guard !wanted.isEmpty, !wanted.hasPrefix("-"), let sha = try await repository.resolveCommitIfPresent(wanted) else {
                throw SlipwayError.invalidInput("Revision \(wanted.prefix(100)) is not a branch or commit of depot \(depot.name)")
            }
            commit = sha
            if let given { branch = given } else if (try? await repository.branch(wanted)) != nil { branch = wanted }
            if job.jenkinsFileFromType == "SCM" {
                jenkinsfile = try await self.jenkinsfile(in: repository, at: sha, path: job.jenkinsFilePath, required: true) ?? ""
            }
        }
        try Self.parse(jenkinsfile, field: job.jenkinsFileFromType == "SCM" ? "JenkinsFilePath \(job.jenkinsFilePath)" : "JenkinsFileStaticContent")
        guard let workflow = try await store.workflows.get(key: job.workflowKey) else {
            throw SlipwayError.notFound("workflow of CI job \(job.id) not found")
        }
        var build = try await store.ci.createBuild(
            CIBuild(
                jobID: job.id, number: 0, branch: branch, commit: commit, cause: cause, triggerMethod: method, jenkinsfile: jenkinsfile,
                params: params, creatorUID: user.uid, createdAt: EpochMillis.now()))
        var environment: [String: String] = [:]
        for variable in try await variables(build, job: job, type: "SYSTEM") { environment[variable.name] = variable.value }
        for variable in job.env where !variable.sensitive { environment[variable.name] = variable.value }
        for param in params where !param.sensitive { environment[param.name] = param.value }
        var secretValues = secrets
        for param in params where param.sensitive { secretValues[param.name] = param.value }
        func json(_ map: [String: String]) -> String { String(decoding: (try? JSONEncoder().encode(map)) ?? Data("{}".utf8), as: UTF8.self) }
        let request = RunRequest(
            params: ["commit": commit, "branch": branch, "jenkinsfile": jenkinsfile, "env": json(environment), "secrets": json(secretValues)],
            creator: user.account, setsLockedParams: true)
        await setStatus(build, job: job, .pending, "build #\(build.number) queued")
        do {
            let task = try await context.engine.submit(workflow, request)
            build.taskID = task.taskID
            try await store.ci.setTask(buildID: build.id, taskID: task.taskID)
            await cancelSuperseded(by: build, job: job, user: user)
            // A build that ended before its task was recorded got no status from `ended`.
            if let ran = try await store.tasks.get(workflowKey: job.workflowKey, taskID: task.taskID), let event = TaskEvent(finished: ran.status) {
                await ended(ran, event)
            }
            return CIBuildState(build: build, job: job, task: task, record: nil)
        } catch {
            await setStatus(build, job: job, .error, "build #\(build.number) could not start")
            try? await store.ci.deleteBuild(id: build.id)
            throw error
        }
    }

    /// A build with its task and record, after the access check.
    package func build(_ id: Int64, by user: User, write: Bool = false) async throws -> CIBuildState {
        guard let build = try await store.ci.build(id: id) else { throw SlipwayError.notFound("CI build \(id) not found") }
        guard let (job, _) = try await store.ci.job(id: build.jobID) else { throw SlipwayError.notFound("CI build \(id) not found") }
        try await require(user, projectKey: job.projectKey, write: write, what: "CI build \(id)")
        return try await state(build, job)
    }

    func state(_ build: CIBuild, _ job: CIJob) async throws -> CIBuildState {
        let task = build.taskID > 0 ? try await store.tasks.get(workflowKey: job.workflowKey, taskID: build.taskID) : nil
        let record = context.engine.jenkinsRecord(workflowKey: job.workflowKey, taskID: build.taskID, jobName: Self.jobName)
        return CIBuildState(build: build, job: job, task: task, record: record, tests: testTotals(record, job: job, taskID: build.taskID))
    }

    /// One page of a job's builds, newest first, and how many there are.
    package func builds(jobID: Int64, page: Int, pageSize: Int, by user: User) async throws -> (builds: [CIBuildState], total: Int) {
        let (job, _) = try await job(jobID, by: user)
        let (builds, total) = try await store.ci.builds(jobID: jobID, page: page, pageSize: pageSize)
        var out: [CIBuildState] = []
        for build in builds { out.append(try await state(build, job)) }
        return (out, total)
    }

    /// Stop a build that has not finished (a finished one is left as it is).
    package func stop(_ id: Int64, by user: User) async throws {
        let state = try await build(id, by: user, write: true)
        guard let task = state.task, !task.status.isCompleted else { return }
        try await context.engine.cancel(workflowKey: state.job.workflowKey, taskID: task.taskID, by: user.account)
    }

    /// Delete a build's record; a running build is stopped first.
    package func deleteBuild(_ id: Int64, by user: User) async throws {
        let state = try await build(id, by: user, write: true)
        if let task = state.task, !task.status.isCompleted {
            try await context.engine.cancel(workflowKey: state.job.workflowKey, taskID: task.taskID, by: user.account)
        }
        try await store.ci.deleteBuild(id: id)
    }

    /// The build's whole log (every step, in the order written).
    package func log(_ state: CIBuildState) -> String {
        guard state.build.taskID > 0 else { return "" }
        return context.engine.logs.fullText(LogKey(workflowKey: state.job.workflowKey, taskID: state.build.taskID, jobName: Self.jobName))
    }

    /// One step's own log; `notFound` for a step the build does not have.
    package func stepLog(_ state: CIBuildState, stageID: Int, stepID: Int) throws -> String {
        guard let record = state.record, record.steps.contains(where: { $0.id == stepID && $0.stageID == stageID }) else {
            throw SlipwayError.notFound("step \(stepID) of stage \(stageID) not found in build \(state.build.id)")
        }
        return context.engine.jenkinsStepLog(workflowKey: state.job.workflowKey, taskID: state.build.taskID, jobName: Self.jobName, stepID: stepID)
    }
}
