import Foundation
import SlipwayCore

/// `plugin` jobs: the plugin's `cmds` + `args` with `$(inputs.X)` resolved, its `envs`, run in the
/// plugin's image (the container backend); a plugin without an image runs on the server's executor.
package struct PluginExecutor: JobExecutor {
    let backend: any ExecutionBackend

    package init(backend: any ExecutionBackend = HostBackend()) {
        self.backend = backend
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .plugin(let plugin) = context.plan else { return .wrongPlan(context) }
        let inputs = plugin.inputValues
        let render = { (text: String) in VariableRenderer.renderInputs(text, inputs: inputs) }
        let argv = plugin.argv.map(render)
        guard let executable = argv.first else { return JobOutcome(.failed, error: "plugin \(plugin.name) has no cmds or args") }
        var environment = context.environment
        for env in plugin.envs { environment[env.name] = render(env.value) }
        if !plugin.image.isEmpty {
            await context.log("plugin \(plugin.name) \(plugin.version): image \(plugin.image)")
        }
        do {
            let code = try await backend.run(
                executable, arguments: Array(argv.dropFirst()), environment: environment,
                workingDirectory: context.workspace.path, context: context)
            return code == 0 ? .passed : JobOutcome(.failed, error: "plugin exited with code \(code)")
        } catch is CancellationError {
            return JobOutcome(.cancelled)
        } catch {
            return JobOutcome(.failed, error: "could not run plugin: \(error)")
        }
    }
}

/// `approval` jobs: wait for a native approval decision.
package struct ApprovalExecutor: JobExecutor {
    package init() {}

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .approval(let plan) = context.plan else { return .wrongPlan(context) }
        guard let spec = plan.approval else {
            return JobOutcome(.failed, error: "approval job needs native_approval with approve_users")
        }
        await context.log("waiting for approval by \(spec.approveUsers.map(\.userName).joined(separator: ", ")) (\(spec.neededApprovers) needed)")
        let status = await context.awaitApproval(spec)
        await context.log("approval ended: \(status.rawValue)")
        return JobOutcome(status, error: status == .reject ? "rejected" : (status == .timeout ? "approval timed out" : ""))
    }
}

/// Native approval settings of job and stage specs, as the dialects read them (see `ApprovalPlan`).
package enum ApprovalParsing {
    /// An approval job spec: `{type, native_approval: {approve_users, needed_approvers, timeout}, description}`.
    package static func spec(fromJob spec: JSONValue) -> ApprovalSpec? {
        guard case .approval(let plan)? = try? JobPlan(type: .approval, spec: spec) else { return nil }
        return plan.approval
    }

    /// A legacy stage approval: `{enabled, type, native_approval{…}}`; nil when disabled.
    package static func spec(fromStage approval: JSONValue) -> ApprovalSpec? {
        do { return try ApprovalPlan.stageApproval(approval) } catch { return nil }
    }
}
