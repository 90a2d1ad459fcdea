import ServiceLifecycle
import SlipwayCore
import SlipwayServices

/// On start, marks failed the wiki ZIP jobs an earlier run of the server left unfinished (it
/// stopped while they ran), so DescribeImportJobStatus / DescribeUpdateJobStatus answer honestly.
/// Jobs begun by this run (touched after it started) are left alone.
struct WikiJobRecoveryService: Service {
    let context: ServiceContext
    let startedAt: EpochMillis

    func run() async throws {
        do {
            let failed = try await WikiService(context).failInterruptedJobs(startedAt: startedAt)
            if failed > 0 { context.logger.info("wiki: ZIP jobs interrupted by the last stop marked failed", metadata: ["jobs": "\(failed)"]) }
        } catch {
            context.logger.error("wiki: interrupted ZIP jobs not marked failed", metadata: ["error": "\(error)"])
        }
        // A service that returns ends the application: stay until it shuts down.
        try? await gracefulShutdown()
    }
}
