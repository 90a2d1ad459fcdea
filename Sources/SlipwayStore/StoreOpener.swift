import Foundation
import Logging

/// Chooses the store from a database URL: `postgres://…` is PostgreSQL, anything else a SQLite file.
public enum StoreOpener {
    /// Open the store and run pending migrations, so the result is ready to serve.
    public static func open(
        databaseURL: String?, dataDirectory: String, logger: Logger, maximumConnections: Int = 20
    ) async throws -> Store {
        let sql: any SQLStore
        if let url = databaseURL, url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            sql = try PostgresStore.connect(url: url, logger: logger, maximumConnections: maximumConnections)
        } else {
            var path = databaseURL ?? "\(dataDirectory)/slipway.sqlite"
            if path.hasPrefix("sqlite://") { path = String(path.dropFirst("sqlite://".count)) }
            sql = try await SQLiteStore.open(path: path, logger: logger)
        }
        do {
            try await Migrator.migrate(sql, logger: logger)
        } catch {
            await sql.close()
            throw error
        }
        return Store(sql: sql)
    }
}
