import SlipwayCore

/// Runs `coding-cd-script` jobs: a CD pipeline's `script` stage runs its script with bash on its
/// agent machine (the job's placement asks for that machine's label; machine 0 is the server's
/// own sandboxed executor), through the job's execution backend. The script is a file of the job
/// directory, never part of another command; the trigger's parameters are its environment. A
/// script that exits non-zero fails the stage with its status; one that outlives the stage's
/// `timeoutSeconds` is stopped and times out.
package struct CdScriptExecutor: JobExecutor {
    let backend: any ExecutionBackend

    package init(backend: any ExecutionBackend) {
        self.backend = backend
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .cdScript(let plan) = context.plan else { return .wrongPlan(context) }
        let machine = plan.stage.agentMachineID > 0 ? "agent machine \(plan.stage.agentMachineID)" : "this server"
        await context.log("running the script on \(machine)")
        let seconds = plan.stage.timeoutSeconds
        let outcome = await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask {
                await ShellScript(backend: backend).run(plan.stage.command, context: context, extraEnvironment: plan.parameters)
            }
            group.addTask {
                do { try await Task.sleep(for: .seconds(seconds)) } catch { return JobOutcome(.cancelled) }
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        guard let outcome else { return JobOutcome(.timeout, error: "the script ran longer than \(seconds) s on \(machine) and was stopped") }
        if outcome.status == .failed { return JobOutcome(.failed, error: "\(outcome.error) on \(machine)") }
        return outcome
    }
}
