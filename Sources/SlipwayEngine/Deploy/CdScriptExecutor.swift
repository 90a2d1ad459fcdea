import Foundation
import SlipwayCore

/// Runs `coding-cd-script` jobs: a CD pipeline's `script` stage runs its script with bash on its
/// agent machine (the job's placement asks for that machine's label; machine 0 is the server's
/// own sandboxed executor), through the job's execution backend. The script is a file of the job
/// directory, never part of another command; the trigger's parameters are its environment. A
/// script that exits non-zero fails the stage with its status; one that outlives the stage's
/// `timeoutSeconds` is stopped and times out.
///
/// A repository script: the server checks out the hosted depot at the commit the trigger
/// resolved into the job's workspace (`repo/`, outside any sandbox; an agent machine fetches
/// that workspace), reads the script and the property file only from inside the checkout
/// (`CdCheckoutFile`), and runs the script it read from the checkout's root, with the property
/// file's values and then the trigger's parameters as its environment.
package struct CdScriptExecutor: JobExecutor {
    let backend: any ExecutionBackend
    let checkout: HostedCheckout

    package init(backend: any ExecutionBackend, repositoriesDirectory: URL) {
        self.init(backend: backend, checkout: HostedCheckout(repositoriesDirectory: repositoriesDirectory))
    }

    init(backend: any ExecutionBackend, checkout: HostedCheckout) {
        self.backend = backend
        self.checkout = checkout
    }

    /// The checkout's directory in the workspace.
    static let checkoutName = "repo"

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .cdScript(let plan) = context.plan else { return .wrongPlan(context) }
        let machine = plan.stage.agentMachineID > 0 ? "agent machine \(plan.stage.agentMachineID)" : "this server"
        let seconds = plan.stage.timeoutSeconds
        let outcome = await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask { await run(plan, on: machine, context: context) }
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

    func run(_ plan: CdScriptPlan, on machine: String, context: JobContext) async -> JobOutcome {
        guard let source = plan.stage.repository else {
            await context.log("running the script on \(machine)")
            return await ShellScript(backend: backend).run(plan.stage.command, context: context, extraEnvironment: plan.parameters)
        }
        await context.log("checking out \(source.url) at \(plan.commit)")
        let checkedOut = await checkout.run(url: plan.repositoryDirectory, commit: plan.commit, name: Self.checkoutName, context: context)
        guard checkedOut.status == .passed else { return checkedOut }
        let root = context.workspace.appendingPathComponent(Self.checkoutName, isDirectory: true)
        let script: String
        var environment: [String: String] = [:]
        do {
            script = try CdCheckoutFile.read(source.scriptFile, in: root, maxBytes: CdScriptStage.maxScriptFileBytes)
            if let propertyFile = source.propertyFile {
                let text = try CdCheckoutFile.read(propertyFile, in: root, maxBytes: CdPropertyFile.maxBytes)
                do {
                    environment = try CdPropertyFile(text).values
                } catch {
                    return JobOutcome(.failed, error: "propertyFile \(propertyFile) \(error)")
                }
                await context.log("\(environment.count) propert\(environment.count == 1 ? "y" : "ies") from \(propertyFile)")
            }
        } catch {
            return JobOutcome(.failed, error: "\(error)")
        }
        await context.log("running \(source.scriptFile) on \(machine)")
        return await ShellScript(backend: backend).run(
            script, context: context, extraEnvironment: environment.merging(plan.parameters) { $1 }, directory: root)
    }
}
