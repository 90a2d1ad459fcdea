import Logging
import SlipwayEngine
import SlipwayGit
import SlipwayStore

/// What every application service is built from: the store, the engine, the repositories on
/// disk and the event bus. The composition root makes one and hands it to every dialect.
///
/// Services are small structs over this context (`DirectoryService(context)`, …), one folder per
/// domain area; a dialect decodes the wire, calls one service operation and encodes the answer.
package struct ServiceContext: Sendable {
    package let store: Store
    package let engine: Engine
    package let depots: DepotLayout
    package let events: EventBus
    /// The task event stream's feed; by default one listening to `events`.
    package let taskEvents: TaskEventFeed
    package let logger: Logger
    /// Hands job commands to remote agents; nil when the server runs none.
    package var agents: AgentDispatcher?

    package init(
        store: Store, engine: Engine, depots: DepotLayout, events: EventBus = EventBus(), taskEvents: TaskEventFeed? = nil, logger: Logger
    ) {
        self.store = store
        self.engine = engine
        self.depots = depots
        self.events = events
        self.taskEvents = taskEvents ?? .listening(to: events, store: store)
        self.logger = logger
    }
}
