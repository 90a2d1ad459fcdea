extension JobPlan {
    /// The agent labels the job's spec asks for (Zadig's `vm_labels`, freestyle jobs); empty runs it
    /// on the server.
    package var agentLabels: [String] {
        switch self {
        case .freestyle(let plan): return plan.vmLabels
        default: return []
        }
    }
}
