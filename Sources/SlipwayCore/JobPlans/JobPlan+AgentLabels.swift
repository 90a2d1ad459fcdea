extension JobPlan {
    /// The agent labels the job's spec asks for: Zadig's `vm_labels` (freestyle and plugin jobs),
    /// a Serverless Devs pipeline file's top-level `runs-on`; empty runs it on the server.
    package var agentLabels: [String] {
        switch self {
        case .freestyle(let plan): return plan.vmLabels
        case .plugin(let plan): return plan.vmLabels
        case .serverlessPipeline(let plan): return plan.agentLabels
        case .jenkinsPipeline(let plan): return plan.agentLabels
        case .approval, .sql, .workflowTrigger, .notification, .zadigBuild, .zadigTest, .zadigScanning, .cdWait, .cdHostDeploy: return []
        }
    }
}
