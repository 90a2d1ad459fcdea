import Hummingbird
import Logging
import Foundation
import Prometheus
import SlipwayEngine
import SlipwayHTTP
import SlipwayStore
import ZadigAPI

/// The composition root: every route of every dialect over one store.
public func buildRouter(store: Store, engine: Engine, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(registry: registry))
    router.add(middleware: AuthenticationMiddleware(store: store))
    SystemController(store: store, registry: registry).addRoutes(to: router)
    ZadigRoutes.register(on: router, store: store, engine: engine)
    return router
}

/// The application for a configuration and an open store. The caller owns the store's lifetime.
public func buildApplication(
    configuration: ServerConfiguration, store: Store, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let engine = Engine(store: store, configuration: configuration.engine, logger: logger)
    return Application(
        router: buildRouter(store: store, engine: engine),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "slipway"),
        services: [EngineService(engine: engine)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
