import ServiceLifecycle
import SlipwayEngine
import SlipwayServices

/// Runs the engine for the server's lifetime: resume unfinished tasks on start, stop runners on
/// graceful shutdown (their tasks resume on the next start).
struct EngineService: Service {
    let engine: Engine
    /// Where the engine's task events go (`DomainEvent.task`); the notifier subscribes there.
    let events: EventBus

    func run() async throws {
        await engine.addObserver(TaskEventPublisher(events: events))
        try await engine.start()
        try? await gracefulShutdown()
        await engine.shutdown()
    }
}
