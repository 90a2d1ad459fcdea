import PostgresNIO
import SQLiteNIO

/// Errors of the store itself (configuration, not domain rules).
public enum StoreError: Error, CustomStringConvertible {
    case badDatabaseURL(String)

    public var description: String {
        switch self {
        case .badDatabaseURL(let url): return "unsupported database URL: \(url) (use postgres://… or a SQLite file path)"
        }
    }
}

/// True when the database refused a write because a unique constraint already holds the value.
func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError {
        return error.serverInfo?[.sqlState] == "23505"
    }
    if let error = error as? SQLiteError {
        return error.reason == .constraint || error.reason == .constraintUniqueFailed
            || error.reason == .constraintPrimaryKeyFailed
    }
    return false
}
