/// Domain errors. Each API dialect renders these in its own envelope, in one place per dialect.
package enum SlipwayError: Error, Sendable, Equatable {
    /// The request is malformed or a value is out of range.
    case invalidInput(String)
    /// A referenced resource does not exist.
    case notFound(String)
    /// The resource already exists (duplicate key).
    case conflict(String)
    /// No valid credential was presented.
    case unauthenticated
    /// The caller is known but not allowed to do this.
    case forbidden(String)
    /// The state of a resource forbids the operation (e.g. cancelling a finished task).
    case failedPrecondition(String)
    /// Something broke on our side.
    case internalError(String)

    /// The human-readable detail carried by the error.
    package var detail: String {
        switch self {
        case .invalidInput(let m), .notFound(let m), .conflict(let m), .forbidden(let m),
            .failedPrecondition(let m), .internalError(let m):
            return m
        case .unauthenticated:
            return "unauthenticated"
        }
    }
}
