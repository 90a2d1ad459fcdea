import ServiceLifecycle
import SlipwayServices

/// Applies release plan timers (scheduled executions, approval deadlines, release windows) every
/// second for the server's lifetime. The moments are in the store: after a restart the timer
/// takes up what was set before it.
struct ReleasePlanTimerService: Service {
    let context: ServiceContext

    func run() async throws {
        await cancelWhenGracefulShutdown { await ReleasePlanService(context).runTimers() }
    }
}
