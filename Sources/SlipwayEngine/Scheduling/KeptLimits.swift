/// Each workflow's `concurrency_limit` as the scheduler last read it (nil: no such workflow),
/// kept while no workflow definition has been written since (`WorkflowChanges`), so starting a
/// task of a known workflow reads nothing.
struct KeptLimits {
    private var limits: [String: Int?] = [:]
    private var generation = -1

    /// Forget every kept limit once a definition has been written since they were read.
    mutating func follow(_ generation: Int) {
        guard generation != self.generation else { return }
        limits = [:]
        self.generation = generation
    }

    /// The kept limit of `workflowKey`: `.none` when unknown, `.some(nil)` when the workflow is gone.
    func limit(of workflowKey: String) -> Int?? { limits[workflowKey] }

    /// Keep a limit read under `generation`; a definition written during the read makes it stale,
    /// so it is then kept for the older generation, which the next pass forgets.
    mutating func keep(_ limit: Int?, for workflowKey: String, readAt generation: Int) {
        if generation != self.generation { follow(generation) }
        limits[workflowKey] = .some(limit)
    }
}
