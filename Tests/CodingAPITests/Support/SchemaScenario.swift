import Foundation
import SlipwayCore
import Testing

/// What a schema scenario saw: actions answered, schema violations, unexpected errors.
actor SchemaLedger {
    private(set) var answered: Set<String> = []
    private(set) var violations: [String] = []
    private(set) var failures: [String] = []

    func record(_ action: String, _ found: [String]) {
        answered.insert(action)
        violations += found.map { "\(action): \($0)" }
    }

    func fail(_ message: String) { failures.append(message) }
}

/// Drives actions over a live server with a depot, checking each successful answer against the
/// vendor's schema. Each `call` expects success; a failure is recorded, not thrown, so one
/// scenario reports every problem at once.
struct SchemaScenario: Sendable {
    let h: CodingHarness
    let w: Workspace
    let schemas: ResponseSchemas
    let ledger = SchemaLedger()
    let depotPath = "slipway/alpha/app"

    /// Calls `action` with a JSON object body and returns its `Response`.
    @discardableResult
    func call(_ action: String, _ body: String, token: String? = nil) async throws -> JSONValue {
        let reply = try await h.action(action, body, token: token)
        let response = reply.response
        if !response["Error"].isNull || reply.status != .ok {
            await ledger.fail("\(action) \(body) → \(reply.status) \(response["Error"])")
        } else if schemas.actions[action] != nil {
            await ledger.record(action, schemas.violations(of: action, in: reply.json))
        } else {
            await ledger.record(action, [])
        }
        return response
    }

    /// `call` on the workspace's depot: `DepotId` and `DepotPath` are added to `fields`.
    @discardableResult
    func depot(_ action: String, _ fields: String = "", token: String? = nil) async throws -> JSONValue {
        let sep = fields.isEmpty ? "" : ","
        return try await call(action, #"{"DepotId":\#(w.depotID),"DepotPath":"\#(depotPath)"\#(sep)\#(fields)}"#, token: token)
    }

    func sha(_ response: JSONValue, _ what: String) throws -> String {
        try #require(response["GitCommit"]["Sha"].string, "\(what): \(response)")
    }
}
