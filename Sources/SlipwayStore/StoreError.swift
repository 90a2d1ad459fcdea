import PostgresNIO
import SQLiteNIO
import SlipwayCore

/// Errors of the store itself (configuration, not domain rules).
package enum StoreError: Error, CustomStringConvertible {
    case badDatabaseURL(String)
    /// The secret key is missing, unreadable or malformed.
    case badSecretKey(String)
    /// Sealed values do not open with the configured key: it is not the key the data was sealed with.
    case secretKeyMismatch

    package var description: String {
        switch self {
        case .badDatabaseURL(let url): return "unsupported database URL: \(RequestBodyRedactor.redactURLPassword(url)) (use postgres://… or a SQLite file path)"
        case .badSecretKey(let why): return "secret key: \(why)"
        case .secretKeyMismatch:
            return "the secret key does not match the one this database was encrypted with: "
                + "restore the data directory's secret.key (or SLIPWAY_SECRET_KEY) that belongs to this database"
        }
    }
}

/// True when the database refused a write because a unique constraint already holds the value.
func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError {
        return error.serverInfo?[.sqlState] == "23505"
    }
    if let error = error as? SQLiteError {
        return (error.reason == .constraint && !isForeignKeyViolation(error)) || error.reason == .constraintUniqueFailed
            || error.reason == .constraintPrimaryKeyFailed
    }
    return false
}

/// True when the database refused a write naming a project, depot or other owner row that does
/// not exist (any more): a foreign key (migration 14) does not hold.
func isForeignKeyViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError {
        return error.serverInfo?[.sqlState] == "23503"
    }
    if let error = error as? SQLiteError {
        return error.reason == .constraintForeignKeyFailed
            || (error.reason == .constraint && error.message.contains("FOREIGN KEY"))
    }
    return false
}

/// What kind of database error `error` is, without its message or any value it quotes: the
/// SQLSTATE on PostgreSQL, the result code on SQLite, else the error's type. For logs, which must
/// not carry the values a refused write held.
package func storeErrorCode(_ error: any Error) -> String {
    if let error = error as? PSQLError {
        if let state = error.serverInfo?[.sqlState] { return "SQLSTATE \(state)" }
        return "PostgreSQL \(error.code)"
    }
    if let error = error as? SQLiteError { return "SQLite \(error.reason)" }
    // A domain error's case (a refused write becomes `notFound` when its owner row went), not
    // its message, which may name what was written.
    if let error = error as? SlipwayError { return "SlipwayError.\(Mirror(reflecting: error).children.first?.label ?? "\(error)")" }
    return "\(type(of: error))"
}
