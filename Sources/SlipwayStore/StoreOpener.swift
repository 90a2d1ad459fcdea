import Foundation
import Logging

/// Chooses the store from a database URL: `postgres://…` is PostgreSQL, anything else a SQLite file.
package enum StoreOpener {
    /// Open the store and run pending migrations, so the result is ready to serve.
    /// Secrets are sealed with `secretKey` (base64, `SLIPWAY_SECRET_KEY`) or else with
    /// `<dataDirectory>/secret.key`, created on first start. The data directory is made 0700.
    package static func open(
        databaseURL: String?, dataDirectory: String, logger: Logger, maximumConnections: Int = 20, secretKey: String? = nil
    ) async throws -> Store {
        let keyFile = (dataDirectory as NSString).appendingPathComponent(SecretKeySource.fileName)
        let keyExisted = FileManager.default.fileExists(atPath: keyFile)
        let secrets = try SecretKeySource.load(dataDirectory: dataDirectory, override: secretKey)
        if !keyExisted, secretKey?.isEmpty ?? true {
            logger.notice("created the secret key; back it up together with the database", metadata: ["path": "\(keyFile)"])
        }
        let sql: any SQLStore
        if let url = databaseURL, url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            sql = try PostgresStore.connect(url: url, logger: logger, maximumConnections: maximumConnections)
        } else {
            var path = databaseURL ?? "\(dataDirectory)/slipway.sqlite"
            if path.hasPrefix("sqlite://") { path = String(path.dropFirst("sqlite://".count)) }
            sql = try await SQLiteStore.open(path: path, logger: logger)
        }
        do {
            try await Migrator.migrate(sql, logger: logger, secrets: secrets)
        } catch {
            await sql.close()
            throw error
        }
        if let sqlite = sql as? SQLiteStore { DataDirectory.secureDatabaseFiles(sqlite.path) }
        return Store(sql: sql, secrets: secrets)
    }
}
