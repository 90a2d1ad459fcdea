extension JobPlan {
    /// The agent labels the job's spec asks for; empty runs it on the server.
    package var agentLabels: [String] {
        []
    }
}
