import Foundation
import Logging
import PostgresKit
import SQLKit

/// PostgreSQL through a `PostgresClient` pool; each unit of work leases one connection.
public final class PostgresStore: SQLStore {
    public let dialectName = "postgresql"
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    private init(client: PostgresClient) {
        self.client = client
        self.runner = Task { await client.run() }
    }

    /// Connect to `postgres://user:password@host:port/database`.
    public static func connect(url: String, logger: Logger, maximumConnections: Int = 20) throws -> PostgresStore {
        let configuration = try PostgresURL.parse(url)
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        clientConfiguration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        return PostgresStore(client: client)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await self.inTransaction(connection.sql(queryLogLevel: nil), body)
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }
}

/// The parts of a `postgres://` URL the client needs.
public struct PostgresURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?

    public static func parse(_ url: String) throws -> PostgresURL {
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
    public func url(database: String) -> String {
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
