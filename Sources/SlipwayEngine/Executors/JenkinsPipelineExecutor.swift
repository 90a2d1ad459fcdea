import Foundation
import SlipwayCore

/// `coding-ci-pipeline` jobs (a CODING CI build): check out the commit, then run the declarative
/// Jenkinsfile's stages in order (the branches of a `parallel` stage concurrently), every step in
/// the one workspace through the job's `ExecutionBackend`, with `when`, `post`, `retry` and
/// `timeout` applied. Stages and steps are recorded (`JenkinsRunRecord`) as they run.
package struct JenkinsPipelineExecutor: JobExecutor {
    let backend: any ExecutionBackend
    /// Hosted repositories are checked out by the server, outside the sandbox.
    let checkout: HostedCheckout?
    /// How long `post` steps that run after a stop may take.
    let cleanupTimeout: Duration

    init(backend: any ExecutionBackend, checkout: HostedCheckout?, cleanupTimeout: Duration = .seconds(300)) {
        self.backend = backend
        self.checkout = checkout
        self.cleanupTimeout = cleanupTimeout
    }

    /// The name Blue Ocean gives the implicit checkout and the pipeline's `post`.
    static let checkoutStage = "Declarative: Checkout SCM"
    static let postStage = "Declarative: Post Actions"

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .jenkinsPipeline(let plan) = context.plan else { return .wrongPlan(context) }
        let pipeline: JenkinsPipeline
        do { pipeline = try JenkinsPipeline.parse(plan.jenkinsfile) } catch {
            await context.log(error.description)
            return JobOutcome(.failed, error: error.description)
        }
        let ids = Self.stageIDs(pipeline)
        let recorder = JenkinsRunRecorder(
            artifactsDirectory: context.artifactsDirectory, firstStepID: ids.next, secrets: Array(plan.secretValues.values))
        let run = JenkinsRun(executor: self, context: context, recorder: recorder, ids: ids.byPosition, branch: plan.branch)
        for stage in pipeline.allStages {
            let parent = pipeline.allStages.first { parent in
                if case .parallel(let branches) = parent.body { return branches.contains(stage) }
                return false
            }
            await recorder.addStage(
                id: ids.byPosition[stage.position] ?? 0, name: stage.name, type: parent == nil ? "STAGE" : "PARALLEL",
                parentID: parent.flatMap { ids.byPosition[$0.position] })
        }

        // The implicit checkout, as Jenkins does it before the first stage.
        var workspace = context.workspace
        if !plan.repoURL.isEmpty {
            await recorder.addStage(id: ids.checkout, name: Self.checkoutStage, type: "STAGE", parentID: nil)
            await recorder.startStage(ids.checkout)
            let step = await recorder.startStep(
                stageID: ids.checkout, name: JenkinsStep.checkoutSCM.displayName, description: plan.commit, logLine: await run.position())
            let outcome = await checkOut(plan, context: run.stepContext(context, step: step))
            let result: JenkinsResult = outcome.status == .passed ? .success : (Task.isCancelled ? .aborted : .failure)
            if result == .failure { await context.log("ERROR: \(outcome.error)") }
            await recorder.finishStep(step, result, logLine: await run.position())
            await recorder.finishStage(ids.checkout, result)
            guard result == .success else { return JobOutcome(Task.isCancelled ? .cancelled : .failed, error: outcome.error) }
            workspace = context.workspace.appendingPathComponent("source", isDirectory: true)
        }
        await Cache(plan: plan, workspace: workspace).restore(log: context.log)

        var environment = context.environment.merging(plan.environmentValues) { $1 }.merging(plan.secretValues) { $1 }
        for parameter in pipeline.parameters where environment[parameter.name] == nil {
            environment[parameter.name] = parameter.defaultValue
        }
        environment["BRANCH_NAME"] = environment["BRANCH_NAME"] ?? plan.branch
        environment["GIT_COMMIT"] = environment["GIT_COMMIT"] ?? plan.commit
        for entry in pipeline.environment { environment[entry.name] = entry.value.value(in: environment) }
        environment["WORKSPACE"] = workspace.path
        let scope = JenkinsRun.Scope(
            workspace: workspace, environment: environment, placement: context.plan.placement, stageID: 0, prefix: "")

        let body = { @Sendable () async -> JenkinsResult in await run.stages(pipeline.stages, scope) }
        let (ran, timedOut) = await run.withTimeout(pipeline.timeoutSeconds, body)
        var result = Task.isCancelled ? max(ran, .aborted) : ran
        if !pipeline.post.isEmpty {
            await recorder.addStage(id: ids.post, name: Self.postStage, type: "STAGE", parentID: nil)
            await recorder.startStage(ids.post)
            var postScope = scope
            postScope.stageID = ids.post
            let postResult = await run.post(pipeline.post, result: result, postScope)
            await recorder.finishStage(ids.post, postResult)
            result = max(result, postResult)
        }
        await Cache(plan: plan, workspace: workspace).save(log: context.log)
        await context.log("Finished: \(result.rawValue)")
        if timedOut { return JobOutcome(.timeout, error: "the pipeline timed out after \(JenkinsRun.duration(pipeline.timeoutSeconds ?? 0))") }
        // A stage's or a step's limit that passed ends the build as timed out too, unless it was stopped.
        if result == .aborted, !Task.isCancelled, await run.timedOut() {
            return JobOutcome(.timeout, error: await run.firstError() ?? "a time limit passed")
        }
        switch result {
        case .success, .notBuilt: return .passed
        case .unstable: return JobOutcome(.unstable, error: "the build is unstable")
        case .aborted: return JobOutcome(.cancelled)
        case .failure: return JobOutcome(.failed, error: await run.firstError() ?? "the pipeline failed")
        }
    }

    /// Stage ids by source position (in Blue Ocean order), the checkout and post stage ids, and
    /// the first step id.
    static func stageIDs(_ pipeline: JenkinsPipeline) -> (byPosition: [JenkinsPosition: Int], checkout: Int, post: Int, next: Int) {
        var ids: [JenkinsPosition: Int] = [:]
        var next = 2
        for stage in pipeline.allStages {
            ids[stage.position] = next
            next += 1
        }
        return (ids, 1, next, next + 1)
    }

    func checkOut(_ plan: JenkinsPipelinePlan, context: JobContext) async -> JobOutcome {
        if let checkout, HostedCheckout.isLocal(plan.repoURL) {
            return await checkout.run(url: plan.repoURL, commit: plan.commit, name: "source", context: context)
        }
        return await GitCheckout(backend: backend).run(
            repos: [GitCloneSource(url: plan.repoURL, repoName: "source", commitID: plan.commit)], context: context)
    }
}
