import Hummingbird
import Logging
import Prometheus
import SlipwayHTTP
import SlipwayStore
import ZadigAPI

/// The composition root: every route of every dialect over one store.
public func buildRouter(store: Store, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(registry: registry))
    router.add(middleware: AuthenticationMiddleware(store: store))
    SystemController(store: store, registry: registry).addRoutes(to: router)
    ZadigRoutes.register(on: router, store: store)
    return router
}

/// The application for a configuration and an open store. The caller owns the store's lifetime.
public func buildApplication(
    configuration: ServerConfiguration, store: Store, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "slipway"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
