import Foundation
import SlipwayCore

/// `freestyle` jobs: steps (`tools`, `git`, `shell`, `archive`) run one after another in one
/// workspace; after the first failure the rest are skipped.
package struct FreestyleExecutor: JobExecutor {
    let backend: any ExecutionBackend

    package init(backend: any ExecutionBackend = HostBackend()) {
        self.backend = backend
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .freestyle(let plan) = context.plan else { return .wrongPlan(context) }
        for step in plan.steps {
            if Task.isCancelled { return JobOutcome(.cancelled) }
            await context.log("=== step \(step.name) (\(step.type)) ===")
            let outcome: JobOutcome
            switch step.action {
            case .shell(let script):
                outcome = await ShellScript(backend: backend).run(script, context: context)
            case .git(let repos):
                outcome = await GitCheckout(backend: backend).run(repos: repos, context: context)
            case .tools(let installs):
                for tool in installs {
                    await context.log("tool \(tool.name) \(tool.version): using the host's installation")
                }
                outcome = .passed
            case .archive(let items):
                outcome = await Archive.run(items, context: context, backend: backend)
            }
            if outcome.status != .passed {
                if !outcome.error.isEmpty { await context.log(outcome.error) }
                return outcome
            }
        }
        return .passed
    }

    /// The step list of a spec in either layout, as written (for the dialects' detail shapes).
    package static func steps(of spec: JSONValue) -> [JSONValue] {
        FreestylePlan.wireSteps(of: spec)
    }
}

/// The `archive` step: copy workspace files into the task's artifacts. On an agent the files are
/// first sent to the server's job directory (`AgentWork.uploadExecutable`), and kept from there.
enum Archive {
    static func run(_ items: [ArchiveItem], context: JobContext, backend: any ExecutionBackend) async -> JobOutcome {
        let onAgent = !context.plan.placement.labels.isEmpty
        for item in items {
            let source = item.source
            let destination = item.destination
            guard !source.isEmpty, !source.contains(".."), !destination.contains("..") else {
                return JobOutcome(.failed, error: "archive: invalid path \(source)")
            }
            var from = context.workspace.appendingPathComponent(source)
            if onAgent {
                do {
                    let code = try await backend.run(
                        AgentWork.uploadExecutable, arguments: [source], environment: [:], workingDirectory: context.workspace.path,
                        context: context, placement: context.plan.placement.withoutImage)
                    guard code == 0 else { return JobOutcome(.failed, error: "archive: \(source) could not be sent from the agent") }
                } catch is CancellationError {
                    return JobOutcome(.cancelled)
                } catch {
                    return JobOutcome(.failed, error: "archive: \(source): \(error)")
                }
                from = AgentJobFiles.uploaded(source, in: context.jobDirectory)
            }
            guard JobFiles.isConfined(from, to: context.jobDirectory), JobFiles.symbolicLink(inTree: from) == nil else {
                return JobOutcome(.failed, error: "archive: \(source) is or contains a symbolic link")
            }
            let toDirectory = context.artifactsDirectory.appendingPathComponent(destination)
            do {
                try FileManager.default.createDirectory(at: toDirectory, withIntermediateDirectories: true)
                let to = toDirectory.appendingPathComponent(from.lastPathComponent)
                try? FileManager.default.removeItem(at: to)
                try FileManager.default.copyItem(at: from, to: to)
                await context.log("archive: kept \(source)")
            } catch {
                return JobOutcome(.failed, error: "archive: \(source): \(error.localizedDescription)")
            }
        }
        return .passed
    }
}
