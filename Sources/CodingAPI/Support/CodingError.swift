import SlipwayCore

/// An error as CODING reports it: a Tencent-Cloud-style class in `Code` plus a message, inside
/// the normal `Response` envelope with HTTP 200.
package struct CodingError: Error, Sendable, Equatable {
    package var code: String
    package var message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    static func missingParameter(_ name: String) -> CodingError {
        CodingError(code: "MissingParameter", message: "missing required parameter \(name)")
    }

    static func invalidParameter(_ name: String, _ why: String) -> CodingError {
        CodingError(code: "InvalidParameter", message: "parameter \(name) \(why)")
    }

    static func invalidValue(_ name: String, _ why: String) -> CodingError {
        CodingError(code: "InvalidParameterValue", message: "parameter \(name) \(why)")
    }

    static let authFailure = CodingError(code: "AuthFailure", message: "missing or invalid credential")

    /// The one place domain errors become CODING error codes.
    init(mapping error: any Error) {
        switch error {
        case let coding as CodingError:
            self = coding
        case let domain as SlipwayError:
            switch domain {
            case .invalidInput(let m): self.init(code: "InvalidParameterValue", message: m)
            case .notFound(let m): self.init(code: "ResourceNotFound", message: m)
            case .conflict(let m): self.init(code: "FailedOperation", message: m)
            case .failedPrecondition(let m): self.init(code: "FailedOperation", message: m)
            case .unauthenticated: self = .authFailure
            case .forbidden(let m): self.init(code: "UnauthorizedOperation", message: m)
            case .internalError: self.init(code: "InternalError", message: "internal error")
            }
        default:
            self.init(code: "InternalError", message: "internal error")
        }
    }
}
