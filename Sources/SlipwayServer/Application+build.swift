import CodingAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServerlessDevsAPI
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import SlipwayWeb
import ZadigAPI

/// The composition root: every route of every dialect over one store.
package func buildRouter(
    store: Store, engine: Engine, git: GitRepositories, coding: CodingConfiguration = CodingConfiguration(),
    onPush: @escaping @Sendable (DepotPush) async -> Void = { _ in },
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    events: EventBus = EventBus(), taskEvents: TaskEventFeed? = nil, logger: Logger = Logger(label: "slipway"),
    agents: AgentDispatcher? = nil, web: WebConfiguration = WebConfiguration()
) -> Router<AppRequestContext> {
    // The task event stream's feed listens to `events` (a new one unless given).
    var context = ServiceContext(
        store: store, engine: engine, depots: DepotLayout(git: git, teamName: coding.teamName), events: events, taskEvents: taskEvents,
        logger: logger)
    context.agents = agents
    return composeRouter(context: context, coding: coding, web: web, onPush: onPush, registry: registry).router
}

/// Every route of every dialect over one service context, and the deliveries (trigger inbox)
/// they share. Tests build their app through this too, so their wiring is production's.
package func composeRouter(
    context: ServiceContext, coding: CodingConfiguration = CodingConfiguration(), web: WebConfiguration = WebConfiguration(),
    onPush: @escaping @Sendable (DepotPush) async -> Void = { _ in },
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) -> (router: Router<AppRequestContext>, deliveries: DeliveryService) {
    let store = context.store
    // Git pushes in the operation log.
    PushAudit(context).subscribe()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(registry: registry))
    router.add(middleware: AuthenticationMiddleware(store: store))
    // A signed-in browser reads the APIs (a job's live log) with its web session.
    router.add(middleware: WebSessionReadMiddleware(services: context))
    // CODING and Serverless Devs mutations in the operation log (Zadig's groups attach their own).
    router.add(
        middleware: AuditMiddleware(
            store: store,
            describers: [
                CodingAuditDescriber(store: store), ServerlessDevsAuditDescriber(store: store),
            ]))
    SystemController(store: store, registry: registry).addRoutes(to: router)
    ZadigRoutes.register(on: router, services: context)
    SlipwayAgentRoutes.register(on: router, services: context)
    // The trigger inbox, over a registry of trigger targets, hears every push on the bus.
    let deliveries = DeliveryService.connected(context)
    ServerlessDevsRoutes.register(on: router, context: context, deliveries: deliveries, baseURL: coding.externalURL ?? "")
    // Every accepted push (git or API write) is published on the bus by the hosting service.
    context.events.subscribe { event in
        guard case .pushed(let push) = event else { return }
        await onPush(push)
    }
    // CODING CI: builds of pushes and merge requests, and their commit statuses.
    CIService(context).subscribe()
    CdExecutionService(context).subscribe()
    // Release plans: a workflow job follows the task it started.
    ReleasePlanService(context).subscribe()
    // Delivery versions: a version whose push task ended early fails with the reason.
    DeliveryVersionService(context).subscribe()
    CodingRoutes.register(on: router, context: context, configuration: coding)
    CodingGitRoutes.register(on: router, context: context, configuration: coding)
    CodingOAuthRoutes.register(on: router, store: store, configuration: coding)
    WebRoutes.register(
        on: router, context: context, configuration: web, deliveries: deliveries,
        applicationLinks: ServerlessDevsRoutes.applicationLinks(baseURL: coding.externalURL ?? ""))
    return (router, deliveries)
}

/// The application for a configuration and an open store. The caller owns the store's lifetime.
package func buildApplication(
    configuration: ServerConfiguration, store: Store, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    // Jobs that ask for agent labels go to the agents through this dispatcher.
    // Its leases are kept in the store: jobs running on agents survive a restart of the server.
    let agents = AgentDispatcher(settings: configuration.agents, ledger: AgentLeaseLedger(store: store))
    var engineConfiguration = configuration.engine
    engineConfiguration.agentBackend = AgentBackend(dispatcher: agents)
    let engine = Engine(store: store, configuration: engineConfiguration, logger: logger)
    // Task lifecycle events reach the bus (EngineService attaches the publisher); the notifier listens there.
    let events = EventBus()
    events.subscribe(TaskNotifier())
    let git = try GitRepositories(root: configuration.dataDirectory + "/git", concurrency: configuration.gitConcurrency)
    // One task event feed for the routes and the CI schedules.
    let taskEvents = TaskEventFeed.listening(to: events, store: store)
    let pushLogger = logger
    let logPush: @Sendable (DepotPush) async -> Void = { push in
        pushLogger.info(
            "push",
            metadata: [
                "depot": "\(push.depot.projectKey)/\(push.depot.name)", "ref": "\(push.event.ref)",
                "after": "\(push.event.after)", "pusher": "\(push.event.pusher?.name ?? "")",
            ])
    }
    let background = ServiceContext(
        store: store, engine: engine, depots: DepotLayout(git: git, teamName: configuration.teamName), events: events,
        taskEvents: taskEvents, logger: logger)
    return Application(
        router: buildRouter(
            store: store, engine: engine, git: git,
            coding: CodingConfiguration(teamName: configuration.teamName, externalURL: configuration.externalURL),
            onPush: logPush, events: events, taskEvents: taskEvents, logger: logger, agents: agents, web: configuration.web),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionDeadlineHandler(timeouts: configuration.timeouts)],
                idleTimeout: TimeAmount(configuration.timeouts.idle))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "slipway",
            availableConnectionsDelegate: .maximum(configuration.timeouts.maxConnections, logger: logger)),
        services: [
            EngineService(engine: engine, events: events),
            CIScheduleService(context: background),
            ReleasePlanTimerService(context: background),
            WikiJobRecoveryService(context: background, startedAt: EpochMillis.now()),
        ],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
