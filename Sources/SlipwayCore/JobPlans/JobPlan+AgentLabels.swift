extension JobPlan {
    /// The agent labels the job's spec asks for: Zadig's `vm_labels` (freestyle and plugin jobs),
    /// a Serverless Devs pipeline file's top-level `runs-on`; a CODING CD stage's agent machine
    /// (its machine label); empty runs it on the server.
    package var agentLabels: [String] {
        switch self {
        case .freestyle(let plan): return plan.vmLabels
        case .plugin(let plan): return plan.vmLabels
        case .serverlessPipeline(let plan): return plan.agentLabels
        case .jenkinsPipeline(let plan): return plan.agentLabels
        case .cdScript(let plan): return plan.stage.agentMachineID > 0 ? [Agent.machineLabel(plan.stage.agentMachineID)] : []
        case .cdHostDeploy(let plan): return plan.agentID > 0 ? [Agent.machineLabel(plan.agentID)] : []
        case .approval, .sql, .workflowTrigger, .notification, .zadigBuild, .zadigTest, .zadigScanning, .cdWait, .deliveryVersion: return []
        }
    }
}
