import Foundation
import Hummingbird
import HummingbirdTesting
import SlipwayServer
import Testing

/// Health, metrics, request ids and configuration precedence.
@Suite struct SystemTests {
    @Test(arguments: StoreKind.enabled)
    func healthAndMetrics(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let health = try await app.call(.get, "/healthz", auth: .anonymous)
            #expect(health.status == .ok)
            #expect(health.json["status"].string == "ok")
            #expect(health.headers[.init("X-Request-Id")!]?.isEmpty == false)
            _ = try await app.call(.get, "/openapi/projects/project")
            let metrics = try await app.call(.get, "/metrics", auth: .anonymous)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"slipway_http_requests_total{method="GET",route="/openapi/projects/project",status="200"} 1"#))
            #expect(metrics.text.contains("slipway_http_request_duration_seconds_bucket"))
        }
    }

    @Test func configurationPrecedence() {
        let defaults = ServerConfiguration(reader: ServerConfiguration.reader(flags: [:]))
        #expect(defaults.port == (ProcessInfo.processInfo.environment["SLIPWAY_PORT"].flatMap(Int.init) ?? 7575))
        let flagged = ServerConfiguration(
            reader: ServerConfiguration.reader(flags: [
                "port": "9001", "data.dir": "/tmp/x", "database.url": "postgres://u@h/db", "admin.token": "t0k3n-for-tests-only",
            ]))
        #expect(flagged.port == 9001)
        #expect(flagged.dataDirectory == "/tmp/x")
        #expect(flagged.databaseURL == "postgres://u@h/db")
        #expect(flagged.adminToken == "t0k3n-for-tests-only")
    }
}
