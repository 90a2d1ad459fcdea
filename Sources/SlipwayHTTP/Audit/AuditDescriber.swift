import Hummingbird
import SlipwayCore

/// A mutating call as the audit middleware saw it: who made it, what was sent, how it ended.
package struct AuditedCall: Sendable {
    package let request: Request
    package let user: User
    /// The request body as received (empty when it was too large to keep); the store redacts it.
    package let body: String
    /// The HTTP status of the answer.
    package let status: Int
    /// The answer's body, for describers that inspect it (`inspectsResponseBody`); else empty.
    package var responseBody: String = ""

    /// `json`, `yaml` or empty, guessed from the body's first character.
    package var bodyType: String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : (trimmed.hasPrefix("{") || trimmed.hasPrefix("[") ? "json" : "yaml")
    }

    /// A query parameter, nil when absent or empty.
    package func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : String($0) }
    }
}

/// What to store for one audited call: the entry, and the parameter names whose values the body
/// may set as credentials (redacted on top of the names that look secret).
package struct AuditRecord: Sendable {
    package var log: OperationLog
    package var credentialNames: Set<String>

    package init(_ log: OperationLog, credentialNames: Set<String> = []) {
        self.log = log
        self.credentialNames = credentialNames
    }
}

/// How one dialect names its mutating calls in the audit log (Zadig's operation log).
package protocol AuditDescriber: Sendable {
    /// Whether this dialect audits the call, decided from the method, path and query alone
    /// (before the body is read). Calls no describer claims pass untouched.
    func audits(_ request: Request) -> Bool
    /// Whether a claimed call is read-only after all, decided once its body is read (a CODING
    /// `Describe…` action): it then runs untouched, its answer never buffered for the audit.
    func isReadOnly(_ request: Request, body: String) -> Bool
    /// The entry for a finished call, or nil when the call changes nothing (a read-only action).
    func record(_ call: AuditedCall, context: AppRequestContext) async -> AuditRecord?
    /// True when `record` reads the answer's body (a dialect that reports failures inside a 200).
    var inspectsResponseBody: Bool { get }
    /// The answer to a body over the upload limit, or nil to hand the handler a body that fails
    /// the same way, so the dialect refuses it in its own envelope.
    func oversizedBodyResponse(_ request: Request, context: AppRequestContext) throws -> Response?
}

extension AuditDescriber {
    package var inspectsResponseBody: Bool { false }
    package func isReadOnly(_ request: Request, body: String) -> Bool { false }
    package func oversizedBodyResponse(_ request: Request, context: AppRequestContext) throws -> Response? { nil }
}
