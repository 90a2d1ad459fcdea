import Foundation
import Hummingbird
import SlipwayCore
import SlipwayStore

/// CODING's mutating actions (`POST /open-api?Action=X`, every action but `Describe…`): the
/// action name as the function, the project it acted in, and the depot or name it acted on.
package struct CodingAuditDescriber: AuditDescriber {
    let store: Store

    package init(store: Store) {
        self.store = store
    }

    package static let method = "CODING"

    package func audits(_ request: Request) -> Bool {
        request.method == .post && request.uri.path == "/open-api"
    }

    /// `Describe…` actions read; the action is named in the query or the body.
    package func isReadOnly(_ request: Request, body: String) -> Bool {
        let action = request.uri.queryParameters.get("Action").flatMap { $0.isEmpty ? nil : String($0) } ?? Self.text(Self.parameters(body)["Action"])
        return action?.hasPrefix("Describe") == true
    }

    static func parameters(_ body: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .object([:])
    }

    /// CODING answers every call with HTTP 200; a failure is `Response.Error` inside.
    package var inspectsResponseBody: Bool { true }

    package func record(_ call: AuditedCall, context: AppRequestContext) async -> AuditRecord? {
        let parameters = Self.parameters(call.body)
        guard let action = call.query("Action") ?? Self.text(parameters["Action"]) else { return nil }
        let detail =
            ["DepotPath", "DepotName", "Name", "ProjectName", "BranchName", "TagName"].lazy
            .compactMap { Self.text(parameters[$0]) }.first ?? ""
        let log = OperationLog(
            username: call.user.account, projectKey: await projectKey(parameters), method: Self.method, function: action,
            detail: detail, requestBody: call.body, bodyType: call.bodyType, status: Self.status(call))
        return AuditRecord(log)
    }

    /// The call's HTTP status, or 400 when the envelope carries an error (`Response.Error`).
    static func status(_ call: AuditedCall) -> Int {
        let answer = (try? JSONDecoder().decode(JSONValue.self, from: Data(call.responseBody.utf8))) ?? .null
        return call.status == 200 && !answer["Response"]["Error"].isNull ? 400 : call.status
    }

    /// The project a call names: `ProjectName`, a `DepotPath` (`team/project/depot`), a
    /// `ProjectId` or a `DepotId`; empty when it names none (or an unknown one).
    func projectKey(_ parameters: JSONValue) async -> String {
        if let name = Self.text(parameters["ProjectName"]) { return name }
        if let path = Self.text(parameters["DepotPath"]) {
            let parts = path.split(separator: "/")
            if parts.count == 3 { return String(parts[1]) }
        }
        if let id = Self.number(parameters["ProjectId"]), let key = try? await store.numericIDs.projectKey(id: id) { return key }
        if let id = Self.number(parameters["DepotId"]), let depot = try? await store.depots.get(id: id) { return depot.projectKey }
        return ""
    }

    static func text(_ value: JSONValue) -> String? {
        value.string.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// CODING ids arrive as numbers or as digit strings.
    static func number(_ value: JSONValue) -> Int64? {
        if let int = value.int { return Int64(int) }
        return value.string.flatMap { Int64($0) }
    }
}
