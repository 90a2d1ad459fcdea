import ServiceLifecycle
import SlipwayServices

/// Fires CODING CI `CRON` rules at the start of every minute for the server's lifetime.
struct CIScheduleService: Service {
    let context: ServiceContext

    func run() async throws {
        let schedules = CIService(context).runSchedules()
        try? await gracefulShutdown()
        schedules.cancel()
    }
}
