import Foundation
import SlipwayCore

/// One run of a pipeline: walks stages and steps, recording each.
struct JenkinsRun: Sendable {
    let executor: JenkinsPipelineExecutor
    let context: JobContext
    let recorder: JenkinsRunRecorder
    let ids: [JenkinsPosition: Int]
    let branch: String
    let errors = ErrorBox()

    /// Where and with what the steps of a block run.
    struct Scope: Sendable {
        var workspace: URL
        var environment: [String: String]
        var placement: JobPlacement
        var stageID: Int
        /// Put before each log line of a parallel branch: `[branch] `.
        var prefix: String
    }

    /// The first failure's message, for the job's error, and whether a time limit passed.
    actor ErrorBox {
        var first: String?
        var timedOut = false
        func note(_ message: String) { if first == nil { first = message } }
        func noteTimeout(_ message: String) {
            timedOut = true
            note(message)
        }
    }

    func firstError() async -> String? { await errors.first }

    /// Whether the time limit of the pipeline, a stage or a `timeout` step passed.
    func timedOut() async -> Bool { await errors.timedOut }

    func position() async -> Int { await context.logPosition?() ?? 0 }

    /// The job context a step runs with: its own log (into the job's log and the step's).
    func stepContext(_ base: JobContext, step: Int, prefix: String = "") -> JobContext {
        var c = base
        let log = base.log, recorder = self.recorder
        c.log = { line in
            let masked = recorder.masker.mask(line)
            await log(prefix + masked)
            await recorder.log(step: step, masked)
        }
        return c
    }

    /// Stages in order; after a failure or a stop the rest are not built.
    func stages(_ stages: [JenkinsStage], _ scope: Scope) async -> JenkinsResult {
        var result = JenkinsResult.success
        for stage in stages {
            if !result.continues || Task.isCancelled {
                await skip(stage)
                continue
            }
            result = max(result, await self.stage(stage, scope))
        }
        return Task.isCancelled ? max(result, .aborted) : result
    }

    /// Mark a stage (and its branches) not built.
    func skip(_ stage: JenkinsStage, state: JenkinsState = .notBuilt) async {
        await recorder.finishStage(ids[stage.position] ?? 0, .notBuilt, state: state)
        if case .parallel(let branches) = stage.body {
            for branch in branches { await skip(branch, state: state) }
        }
    }

    func stage(_ stage: JenkinsStage, _ outer: Scope) async -> JenkinsResult {
        let id = ids[stage.position] ?? 0
        var scope = outer
        scope.stageID = id
        for entry in stage.environment { scope.environment[entry.name] = entry.value.value(in: scope.environment) }
        switch stage.agent {
        case .docker(let image)?: scope.placement = JobPlacement(image: image, labels: outer.placement.labels)
        case .label(let label)?: scope.placement = JobPlacement(image: nil, labels: [label])
        case .any?, .none?, nil: break
        }
        if !stage.when.allSatisfy({ $0.holds(branch: branch, environment: scope.environment) }) {
            await context.log("\(outer.prefix)Stage \"\(stage.name)\" skipped due to when conditional")
            await skip(stage, state: .skipped)
            return .success
        }
        await recorder.startStage(id)
        await context.log("\(outer.prefix)[Pipeline] stage (\(stage.name))")
        if case .label(let label)? = stage.agent, let reason = await executor.backend.waitingReason(labels: [label]) {
            await context.log("\(outer.prefix)\(reason)")
        }
        let inner = scope
        let body: @Sendable () async -> JenkinsResult
        switch stage.body {
        case .steps(let steps):
            body = { await self.steps(steps, inner) }
        case .parallel(let branches):
            body = {
                await withTaskGroup(of: JenkinsResult.self) { group in
                    for branch in branches {
                        var branchScope = inner
                        branchScope.prefix = "[\(branch.name)] "
                        group.addTask { await self.stage(branch, branchScope) }
                    }
                    var combined = JenkinsResult.success
                    for await r in group { combined = max(combined, r) }
                    return combined
                }
            }
        }
        var result = await retrying(stage.retry ?? 1) { await withTimeout(stage.timeoutSeconds, body).0 }
        if Task.isCancelled { result = max(result, .aborted) }
        if !stage.post.isEmpty { result = max(result, await post(stage.post, result: result, scope)) }
        await recorder.finishStage(id, result)
        return result
    }

    /// `post` blocks for `result`: `always` first, then the one matching. After a stop they run
    /// outside the cancelled job, bounded by the cleanup timeout.
    func post(_ post: JenkinsPost, result: JenkinsResult, _ scope: Scope) async -> JenkinsResult {
        var blocks: [JenkinsStep] = post.always
        switch result {
        case .success, .notBuilt: blocks += post.success
        case .failure: blocks += post.failure
        case .unstable: blocks += post.unstable
        case .aborted: blocks += post.aborted
        }
        guard !blocks.isEmpty else { return .success }
        guard Task.isCancelled else { return await steps(blocks, scope) }
        let cleanup = Task { await self.steps(blocks, scope) }
        let timeout = executor.cleanupTimeout
        let timer = Task {
            try? await Task.sleep(for: timeout)
            cleanup.cancel()
        }
        let value = await cleanup.value
        timer.cancel()
        return value
    }

    /// Run `body` up to `times` times until it succeeds (a stop ends it).
    func retrying(_ times: Int, _ body: @Sendable () async -> JenkinsResult) async -> JenkinsResult {
        var result = JenkinsResult.failure
        for attempt in 1...max(1, times) {
            result = await body()
            if result.continues || Task.isCancelled || result == .aborted { return result }
            if attempt < times { await context.log("Retrying (attempt \(attempt + 1) of \(times))") }
        }
        return result
    }

    /// `seconds` as Jenkins says a time limit: in minutes when whole, else in seconds.
    static func duration(_ seconds: Int) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) minutes" : "\(seconds) seconds"
    }

    /// Run `body` with a time limit in seconds (nil: none); on expiry it is stopped and the
    /// result is ABORTED, with `true` for timed out.
    func withTimeout(_ seconds: Int?, _ body: @escaping @Sendable () async -> JenkinsResult) async -> (JenkinsResult, Bool) {
        guard let seconds else { return (await body(), false) }
        return await withTaskGroup(of: JenkinsResult?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return (first, false) }
            // The timer ended first: the limit passed, or the whole run was stopped.
            let stopped = Task.isCancelled
            let ran = (await group.next() ?? nil) ?? .aborted
            if stopped { return (ran, false) }
            await context.log("Timeout has been exceeded (\(JenkinsRun.duration(seconds)))")
            await errors.noteTimeout("timed out after \(JenkinsRun.duration(seconds))")
            return (.aborted, true)
        }
    }
}
