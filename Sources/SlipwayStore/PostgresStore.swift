import Foundation
import Logging
import PostgresKit
import SQLKit

/// PostgreSQL through a `PostgresClient` pool; each unit of work leases one connection.
package final class PostgresStore: SQLStore {
    package let dialectName = "postgresql"
    let client: PostgresClient
    /// The logger of the store's own queries (`readPlain`).
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// Connect to `postgres://user:password@host:port/database`.
    package static func connect(url: String, logger: Logger, maximumConnections: Int = 20) throws -> PostgresStore {
        let configuration = try PostgresURL.parse(url)
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        clientConfiguration.options.maximumConnections = maximumConnections
        // Each timer the pool schedules keeps its memory until its deadline even once cancelled
        // (a pending sleep is not dropped by Swift's global executor), and the pool schedules them
        // per query: a keep-alive ping (30 s) and, above the minimum, an idle close (60 s). Under load
        // that is tens of MiB held at any time (issue 12). So: no keep-alive pings (a dead connection
        // is dropped when it is next used), a standing minimum that gets no idle timer, and a short
        // idle timeout for the demand connections above it.
        clientConfiguration.options.keepAliveBehavior = nil
        // A quarter of the pool stands (4 of the default 20); a small pool (tests, a job's own
        // database) keeps one, so many stores side by side do not exhaust the server's connections.
        clientConfiguration.options.minimumConnections = min(4, max(1, maximumConnections / 4))
        clientConfiguration.options.connectionIdleTimeout = .seconds(5)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        return PostgresStore(client: client, logger: logger)
    }

    package func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    package func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await self.inTransaction(connection.sql(queryLogLevel: nil), body)
        }
    }

    package func writeStatement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await self.singleStatement(connection.sql(queryLogLevel: nil), body)
        }
    }

    package func close() async {
        runner.cancel()
        _ = await runner.value
    }
}

/// The parts of a `postgres://` URL the client needs.
package struct PostgresURL: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var username: String
    package var password: String?
    package var database: String?

    package static func parse(_ url: String) throws -> PostgresURL {
        guard let components = URLComponents(string: url),
            ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError.badDatabaseURL(url)
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        return PostgresURL(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: path.isEmpty ? nil : path)
    }

    /// The same server with another database name.
    package func url(database: String) -> String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.host = host
        components.port = port
        components.user = username
        components.password = password
        components.path = "/" + database
        return components.string ?? ""
    }
}
