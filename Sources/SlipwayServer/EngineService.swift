import ServiceLifecycle
import SlipwayEngine

/// Runs the engine for the server's lifetime: resume unfinished tasks on start, stop runners on
/// graceful shutdown (their tasks resume on the next start).
struct EngineService: Service {
    let engine: Engine

    func run() async throws {
        await engine.addObserver(TaskNotifier())
        try await engine.start()
        try? await gracefulShutdown()
        await engine.shutdown()
    }
}
