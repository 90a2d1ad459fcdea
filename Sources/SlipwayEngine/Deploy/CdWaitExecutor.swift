import SlipwayCore

/// Runs `coding-cd-wait` jobs: a CD pipeline's `wait` stage passes after its wait time.
package struct CdWaitExecutor: JobExecutor {
    package init() {}

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .cdWait(let plan) = context.plan else { return .wrongPlan(context) }
        await context.log("waiting \(plan.seconds) s")
        do { try await Task.sleep(for: .seconds(plan.seconds)) } catch { return JobOutcome(.cancelled) }
        return .passed
    }
}
