import Foundation
import SlipwayCore
import SlipwayStore

/// Runs `coding-cd-host-deploy` jobs: a `deployHostserver` stage over SSH to the hosts of its
/// host server group, from the agent machine the execution resolved (the stage's, else the
/// group's; 0 is this server), through the job's execution backend: on the server `ssh` runs
/// sandboxed, seeing only the job directory, with the server's key; on an agent machine it runs
/// there with that machine's own key (whose public half the agent reported, and `PUBLIC_KEY`
/// groups authorize), with the job directory's files sent along (never the server's key; a
/// password only in the command, never in a log). Batches go one
/// after another, the hosts of a batch together; each host's state is kept as a host instance
/// of the server group. A batch with a failed host stops the rollout: later batches are never
/// touched, and the job fails naming the host, why, and what was left undeployed.
package struct CdHostDeployExecutor: JobExecutor {
    let store: Store
    let backend: any ExecutionBackend
    let identity: CdSSHIdentity

    package init(store: Store, backend: any ExecutionBackend, identity: CdSSHIdentity) {
        self.store = store
        self.backend = backend
        self.identity = identity
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .cdHostDeploy(let plan) = context.plan else { return .wrongPlan(context) }
        let group: HostServerGroup
        let files: CdDeployFiles
        do {
            guard let found = try await store.hostServerGroups.get(id: plan.groupID), found.account == plan.stage.account else {
                return JobOutcome(.failed, error: "host server group \(plan.stage.account) no longer exists")
            }
            if plan.agentID > 0, let problem = CdDeployFiles.agentProblem(plan) { return JobOutcome(.failed, error: problem) }
            // An agent that connected without reporting a key (an older `slipway agent`) cannot
            // log in; one that never connected yet is waited for.
            if plan.agentID > 0, found.authMethod == .publicKey, let agent = try await store.agents.find(id: plan.agentID),
                agent.lastSeenAt != nil, agent.sshPublicKey.isEmpty
            {
                return JobOutcome(
                    .failed,
                    error: "agent machine \(plan.agentID) has reported no SSH key of its own (its slipway agent makes one with ssh-keygen when it starts); "
                        + "a rollout from it logs in with that key, never with the server's")
            }
            group = found
            files = try await CdDeployFiles.make(plan: plan, group: group, identity: identity, in: context.jobDirectory)
        } catch {
            return JobOutcome(.failed, error: "cannot prepare the deployment: \(error)")
        }
        defer { identity.keepHostKeys(from: files.knownHosts) }
        let batches = plan.stage.batches(of: group.ips)
        let machine = plan.agentID > 0 ? "agent machine \(plan.agentID)" : "this server"
        await context.log(
            "deploying \(plan.serverGroupName) to \(group.ips.count) host(s) of \(group.displayName) in \(batches.count) batch(es) from \(machine)")
        for (index, batch) in batches.enumerated() {
            await context.log("=== batch \(index + 1) of \(batches.count): \(batch.joined(separator: ", ")) ===")
            await record(batch, "running", plan: plan, group: group, context: context)
            let failures = await withTaskGroup(of: (String, String?).self) { tasks in
                for host in batch {
                    tasks.addTask { (host, await deploy(to: host, plan: plan, group: group, files: files, context: context)) }
                }
                var failures: [(String, String)] = []
                for await (host, failure) in tasks {
                    await record([host], failure == nil ? "succeed" : "failed", plan: plan, group: group, context: context)
                    if let failure { failures.append((host, failure)) }
                }
                return failures.sorted { $0.0 < $1.0 }
            }
            if Task.isCancelled { return JobOutcome(.cancelled) }
            if let (host, reason) = failures.first {
                let left = batches.dropFirst(index + 1).flatMap { $0 }
                var error = "host \(host) failed: \(reason); rollout stopped at batch \(index + 1) of \(batches.count)"
                if !left.isEmpty { error += "; not deployed: \(left.joined(separator: ", "))" }
                return JobOutcome(.failed, error: error)
            }
        }
        await context.log("deployed \(plan.serverGroupName) to every host")
        return .passed
    }

    /// Keep the hosts' state; a store error is told in the job's log (the deployment goes on).
    func record(_ hosts: [String], _ status: String, plan: CdHostDeployPlan, group: HostServerGroup, context: JobContext) async {
        let now = EpochMillis.now()
        do {
            try await store.cdExecutions.record(
                hosts.map {
                    CdHostInstance(
                        account: group.account, serverGroupName: plan.serverGroupName, ip: $0, region: group.displayName, status: status,
                        deployedAt: now)
                })
        } catch {
            await context.log("could not keep the state \(status) of \(hosts.joined(separator: ", ")): \(error)")
        }
    }
}
