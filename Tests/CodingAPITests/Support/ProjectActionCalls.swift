import SlipwayCore
import Testing

/// CODING actions on one project of a fixture: `fields` are added to its `ProjectName` (a body
/// starting with `{` or `[` is sent as it is).
protocol ProjectActionCalls: Sendable {
    var h: CodingHarness { get }
    /// The project every call names.
    static var projectName: String { get }
}

extension ProjectActionCalls {
    /// Calls `action` and expects success; its `Response`.
    @discardableResult
    func ok(_ action: String, _ fields: String = "", token: String? = nil) async throws -> JSONValue {
        let reply = try await call(action, fields, token: token)
        #expect(reply.status == .ok && reply.response["Error"].isNull, "\(action) \(fields): \(reply.text)")
        return reply.response
    }

    /// The error code `action` answers with.
    func error(_ action: String, _ fields: String = "", token: String? = nil, anonymous: Bool = false) async throws -> String {
        let reply = try await call(action, fields, token: token, anonymous: anonymous)
        #expect(reply.status == .ok, "\(action): \(reply.status)")
        return reply.response["Error"]["Code"].string ?? "none: \(reply.text)"
    }

    func call(_ action: String, _ fields: String, token: String? = nil, anonymous: Bool = false) async throws -> HTTPReply {
        let body = fields.hasPrefix("{") || fields.hasPrefix("[") ? fields : #"{"ProjectName":"\#(Self.projectName)"\#(fields.isEmpty ? "" : ",")\#(fields)}"#
        return try await h.action(action, body, token: token, anonymous: anonymous)
    }
}
