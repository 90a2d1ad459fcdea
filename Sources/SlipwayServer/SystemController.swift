import Hummingbird
import Prometheus
import SlipwayHTTP
import SlipwayStore

/// Unauthenticated operational endpoints: health and metrics.
struct SystemController {
    let store: Store
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
    }

    /// 200 once migrations ran and the store answers; 503 otherwise.
    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ready = await store.isReady()
        return try JSONResponse.make(["status": ready ? "ok" : "unavailable"], status: ready ? .ok : .serviceUnavailable)
    }

    /// Prometheus text exposition format.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
