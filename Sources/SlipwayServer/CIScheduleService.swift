import ServiceLifecycle
import SlipwayServices

/// Fires CODING CI `CRON` rules at the start of every minute for the server's lifetime; a
/// graceful shutdown cancels the loop between two minutes (a build already started is the
/// engine's, and resumes with it).
struct CIScheduleService: Service {
    let context: ServiceContext

    func run() async throws {
        await cancelWhenGracefulShutdown { await CIService(context).runSchedules() }
    }
}
