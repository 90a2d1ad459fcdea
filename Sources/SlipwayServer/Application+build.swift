import Hummingbird
import Logging
import NIOCore
import CodingAPI
import Foundation
import Prometheus
import SlipwayEngine
import SlipwayGit
import ServerlessDevsAPI
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import ZadigAPI

/// The composition root: every route of every dialect over one store.
public func buildRouter(
    store: Store, engine: Engine, git: GitRepositories, coding: CodingConfiguration = CodingConfiguration(),
    onPush: @escaping @Sendable (DepotPush) async -> Void = { _ in },
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(registry: registry))
    router.add(middleware: AuthenticationMiddleware(store: store))
    SystemController(store: store, registry: registry).addRoutes(to: router)
    ZadigRoutes.register(on: router, store: store, engine: engine) { projectKey in
        // The project's rows are gone; its repositories on disk go too.
        try? FileManager.default.removeItem(atPath: "\(git.root)/\(coding.teamName)/\(projectKey)")
    }
    let inbox = ServerlessDevsRoutes.register(
        on: router, store: store, engine: engine, git: git, teamName: coding.teamName, baseURL: coding.externalURL ?? "")
    let services = ServiceContext(
        store: store, engine: engine, depots: DepotLayout(git: git, teamName: coding.teamName),
        logger: Logger(label: "slipway.services"))
    // Every accepted push (git or API write) goes to the trigger inbox, stored before it acts.
    services.events.subscribe { event in
        guard case .pushed(let push) = event else { return }
        await onPush(push)
        _ = await inbox.receive(internalPush: push.event, depot: push.depot)
    }
    CodingRoutes.register(on: router, context: services, configuration: coding)
    CodingGitRoutes.register(on: router, context: services, configuration: coding)
    CodingOAuthRoutes.register(on: router, store: store, configuration: coding)
    return router
}

/// The application for a configuration and an open store. The caller owns the store's lifetime.
public func buildApplication(
    configuration: ServerConfiguration, store: Store, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let engine = Engine(store: store, configuration: configuration.engine, logger: logger)
    let git = try GitRepositories(root: configuration.dataDirectory + "/git", concurrency: configuration.gitConcurrency)
    let pushLogger = logger
    let logPush: @Sendable (DepotPush) async -> Void = { push in
        pushLogger.info("push", metadata: [
            "depot": "\(push.depot.projectKey)/\(push.depot.name)", "ref": "\(push.event.ref)",
            "after": "\(push.event.after)", "pusher": "\(push.event.pusher?.name ?? "")",
        ])
    }
    return Application(
        router: buildRouter(
            store: store, engine: engine, git: git,
            coding: CodingConfiguration(teamName: configuration.teamName, externalURL: configuration.externalURL),
            onPush: logPush),
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionDeadlineHandler(timeouts: configuration.timeouts)],
            idleTimeout: TimeAmount(configuration.timeouts.idle))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "slipway",
            availableConnectionsDelegate: .maximum(configuration.timeouts.maxConnections, logger: logger)),
        services: [EngineService(engine: engine)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
