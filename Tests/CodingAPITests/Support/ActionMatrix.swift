import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// One row of an action matrix: a valid call, a bad call and the error it gives, and who may
/// make it. Bodies are JSON objects whose `{KEY}` placeholders are filled from the matrix's ids.
struct ActionCase: Sendable {
    /// Who may call: `read` any project member (read-only ones too), `write` members who may
    /// change things, `admin` team administrators only, `owner` whoever made the thing (and
    /// administrators): others are told it does not exist.
    enum Access: Sendable { case read, write, admin, owner }

    let action: String
    let valid: String
    /// nil when the action takes no parameter at all (there is no bad call to make).
    let bad: String?
    let code: String
    let access: Access
    /// What a non-member gets: `ResourceNotFound` where the project is hidden from them,
    /// `UnauthorizedOperation` for team actions, `""` for a list that answers without their rows.
    let stranger: String

    init(_ action: String, _ valid: String, bad: String?, _ code: String, _ access: Access, stranger: String? = nil) {
        self.action = action
        self.valid = valid
        self.bad = bad
        self.code = code
        self.access = access
        self.stranger = stranger ?? (access == .admin ? "UnauthorizedOperation" : "ResourceNotFound")
    }
}

/// Calls the cases of a matrix on a harness, as the administrator or another caller.
struct ActionMatrix: Sendable {
    let h: CodingHarness
    /// A project member (CODING `Type` 80), a read-only member, a non-member, and an admin
    /// token lacking the `project` scope every CI and CD action needs.
    let member: String
    let reader: String
    let stranger: String
    let narrow: String

    /// The four callers; the members join project `namespace` (numeric id `projectID`).
    static func make(_ h: CodingHarness, project namespace: String, id projectID: String) async throws -> ActionMatrix {
        let (_, member) = try await h.makeUser("member")
        let joined = try await h.action("CreateProjectMember", #"{"ProjectId":\#(projectID),"Type":80,"UserGlobalKeyList":["member"]}"#)
        #expect(joined.response["Error"].isNull, "\(joined.text)")
        let (readerUser, reader) = try await h.makeUser("reader")
        try await h.store.roles.addBindings(namespace: namespace, role: "read-only", subjects: [.user(uid: readerUser.uid)])
        let (_, stranger) = try await h.makeUser("stranger")
        let admin = try #require(try await h.store.users.find(account: "admin"))
        let narrow = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth", scopes: ["user"]).secret
        return ActionMatrix(h: h, member: member, reader: reader, stranger: stranger, narrow: narrow)
    }

    static func fill(_ body: String, _ ids: [String: String]) -> String {
        ids.reduce(body) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The call's `Response`, after checking it came at HTTP 200 in the envelope, without an internal error.
    func call(_ action: String, _ body: String, token: String? = nil, anonymous: Bool = false) async throws -> JSONValue {
        let reply = try await h.action(action, body, token: token, anonymous: anonymous)
        #expect(reply.status == .ok, "\(action): HTTP \(reply.status)")
        #expect(reply.response["Error"]["Code"].string != "InternalError", "\(action) \(body): \(reply.text)")
        #expect(reply.response["RequestId"].string?.isEmpty == false, "\(action): \(reply.text)")
        return reply.response
    }

    /// The error code of a call ("" when it succeeded).
    func code(_ action: String, _ body: String, token: String? = nil, anonymous: Bool = false) async throws -> String {
        try await call(action, body, token: token, anonymous: anonymous)["Error"]["Code"].string ?? ""
    }

    /// A bad call answers its case's error with a message; then the valid call succeeds (as a
    /// member for reads, as the administrator otherwise). `after` sees each valid answer.
    func badThenValid(
        _ cases: [ActionCase], ids: inout [String: String], after: (ActionCase, JSONValue, inout [String: String]) async throws -> Void = { _, _, _ in }
    ) async throws {
        for c in cases {
            if let bad = c.bad {
                let refused = try await call(c.action, Self.fill(bad, ids))
                #expect(refused["Error"]["Code"].string == c.code, "\(c.action) \(bad): \(refused)")
                #expect(refused["Error"]["Message"].string?.isEmpty == false, "\(c.action)")
            }
            let answer = try await call(c.action, Self.fill(c.valid, ids), token: c.access == .read ? reader : nil)
            #expect(answer["Error"].isNull, "\(c.action) \(Self.fill(c.valid, ids)): \(answer)")
            try await after(c, answer, &ids)
        }
    }

    /// Each call without a token, with a token lacking the scope, from a non-member, and from a
    /// read-only member (and a member, for administrators' actions) is refused; reads by members are answered.
    func refusals(_ cases: [ActionCase], ids: [String: String]) async throws {
        for c in cases {
            let body = Self.fill(c.valid, ids)
            #expect(try await code(c.action, body, anonymous: true) == "AuthFailure", "\(c.action)")
            #expect(try await code(c.action, body, token: narrow) == "UnauthorizedOperation", "\(c.action)")
            let stranger = try await call(c.action, body, token: stranger)
            #expect(stranger["Error"]["Code"].string ?? "" == c.stranger, "\(c.action) as a non-member: \(stranger)")
            switch c.access {
            case .read:
                #expect(try await code(c.action, body, token: reader) == "", "\(c.action) as a read-only member")
            case .write:
                #expect(try await code(c.action, body, token: reader) == "UnauthorizedOperation", "\(c.action) as a read-only member")
            case .admin:
                #expect(try await code(c.action, body, token: reader) == "UnauthorizedOperation", "\(c.action) as a read-only member")
                #expect(try await code(c.action, body, token: member) == "UnauthorizedOperation", "\(c.action) as a member")
            case .owner:
                #expect(try await code(c.action, body, token: reader) == "ResourceNotFound", "\(c.action) as a read-only member")
                #expect(try await code(c.action, body, token: member) == "ResourceNotFound", "\(c.action) as a member")
            }
        }
    }
}
