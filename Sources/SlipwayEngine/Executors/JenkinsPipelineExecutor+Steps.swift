import Foundation
import SlipwayCore

extension JenkinsRun {
    /// Steps in order; the first that fails ends the block with its result. An unstable step
    /// (failing tests) lets the next ones run and leaves the block unstable.
    func steps(_ steps: [JenkinsStep], _ scope: Scope) async -> JenkinsResult {
        var worst = JenkinsResult.success
        for step in steps {
            if Task.isCancelled { return .aborted }
            let result = await self.step(step, scope)
            if !result.continues { return result }
            worst = max(worst, result)
        }
        return worst
    }

    func step(_ step: JenkinsStep, _ scope: Scope) async -> JenkinsResult {
        switch step {
        case .dir(let path, let body):
            let relative = path.value(in: scope.environment)
            guard let directory = JenkinsWorkspaceFiles.subdirectory(relative, of: scope.workspace, job: context.jobDirectory) else {
                await fail(step, scope, "dir('\(relative)'): the directory must stay inside the workspace")
                return .failure
            }
            var inner = scope
            inner.workspace = directory
            inner.environment["PWD"] = directory.path
            return await steps(body, inner)
        case .withEnv(let entries, let body):
            var inner = scope
            for entry in entries { inner.environment[entry.name] = entry.value.value(in: scope.environment) }
            return await steps(body, inner)
        case .retry(let times, let body):
            return await retrying(times) { await self.steps(body, scope) }
        case .timeout(let seconds, let body):
            return await withTimeout(seconds) { await self.steps(body, scope) }.0
        case .sh, .echo, .checkoutSCM, .archiveArtifacts, .junit:
            return await leaf(step, scope)
        }
    }

    /// A step that does one thing, recorded as a Blue Ocean step.
    func leaf(_ step: JenkinsStep, _ scope: Scope) async -> JenkinsResult {
        let description: String
        switch step {
        case .sh(let script): description = script.shellScript
        case .echo(let message): description = message.value(in: scope.environment)
        case .archiveArtifacts(let pattern, _), .junit(let pattern, _): description = pattern.value(in: scope.environment)
        default: description = ""
        }
        let id = await recorder.startStep(stageID: scope.stageID, name: step.displayName, description: description, logLine: await position())
        var stepContext = stepContext(context, step: id, prefix: scope.prefix)
        stepContext.workspace = scope.workspace
        stepContext.environment = scope.environment
        var reports: [String] = []
        var result: JenkinsResult
        switch step {
        case .sh(let script):
            let outcome = await ShellScript(backend: executor.backend).run(
                "set -e\n" + script.shellScript, context: stepContext, placement: scope.placement)
            switch outcome.status {
            case .passed: result = .success
            case .cancelled: result = .aborted
            default:
                result = Task.isCancelled ? .aborted : .failure
                if result == .failure { await errors.note("\(step.displayName): \(outcome.error)") }
            }
            if result == .failure { await stepContext.log("ERROR: \(outcome.error)") }
        case .echo(let message):
            await stepContext.log(message.value(in: scope.environment))
            result = .success
        case .checkoutSCM:
            await stepContext.log("The workspace is at commit \(scope.environment["GIT_COMMIT"] ?? "") (checked out before the first stage)")
            result = .success
        case .archiveArtifacts(let pattern, let allowEmpty), .junit(let pattern, let allowEmpty):
            let isJUnit = if case .junit = step { true } else { false }
            let target =
                isJUnit
                ? "\(JenkinsRunRecord.junitDirectory)/\(id)" : JenkinsRunRecord.archiveDirectory
            let kept = JenkinsWorkspaceFiles.copy(
                matching: pattern.value(in: scope.environment), from: scope.workspace, job: context.jobDirectory,
                to: context.artifactsDirectory.appendingPathComponent(target, isDirectory: true))
            switch kept {
            case .success(let files):
                for file in files { await stepContext.log("\(isJUnit ? "Recording test results" : "Archiving"): \(file)") }
                if files.isEmpty && !allowEmpty {
                    await stepContext.log("ERROR: no files match \(description)")
                    await errors.note("\(step.displayName): no files match \(description)")
                    result = .failure
                } else {
                    result = .success
                }
                if isJUnit {
                    reports = files.map { "\(target)/\($0)" }
                    let totals = JUnitReportCollector.report(files: reports, under: context.artifactsDirectory).totals
                    let failed = totals.failed + totals.errors
                    // Jenkins marks a build with failing tests UNSTABLE, not FAILURE.
                    if result == .success, failed > 0 {
                        await stepContext.log("\(failed) test case(s) failed: the build is unstable")
                        result = .unstable
                    }
                }
            case .failure(let problem):
                await stepContext.log("ERROR: \(problem.message)")
                await errors.note("\(step.displayName): \(problem.message)")
                result = .failure
            }
        default:
            result = .failure
        }
        await recorder.finishStep(id, result, logLine: await position(), reports: reports)
        return result
    }

    /// A step that cannot start: recorded as a failed step with the reason.
    func fail(_ step: JenkinsStep, _ scope: Scope, _ message: String) async {
        let id = await recorder.startStep(stageID: scope.stageID, name: step.displayName, description: "", logLine: await position())
        await stepContext(context, step: id, prefix: scope.prefix).log("ERROR: \(message)")
        await errors.note(message)
        await recorder.finishStep(id, .failure, logLine: await position())
    }
}
