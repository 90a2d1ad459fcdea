import Foundation
import Hummingbird
import SlipwayCore
import SlipwayStore

/// Serverless Devs' mutating calls, every `POST /api/flow/…` (application create, update and
/// remove; manual, redeploy and cancel dispatches; plugin register and remove): the path after
/// `/api/flow/` as the function, the application, task or plugin as the detail; and a webhook
/// delivery's replay (`webhook/deliveries/replay`, the delivery as the detail).
package struct ServerlessDevsAuditDescriber: AuditDescriber {
    let store: Store

    package init(store: Store) {
        self.store = store
    }

    package static let method = "Serverless Devs"
    static let prefix = "/api/flow/"

    /// A delivery's replay (`{id}` is the delivery's): it may start tasks, so it is an entry too.
    static let replayPath = "/api/webhook/deliveries/replay"

    package func audits(_ request: Request) -> Bool {
        request.method == .post && (request.uri.path.hasPrefix(Self.prefix) || request.uri.path == Self.replayPath)
    }

    package func record(_ call: AuditedCall, context: AppRequestContext) async -> AuditRecord? {
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(call.body.utf8))) ?? .object([:])
        if call.request.uri.path == Self.replayPath {
            return AuditRecord(
                OperationLog(
                    username: call.user.account, projectKey: "", method: Self.method, function: "webhook/deliveries/replay",
                    detail: body["id"].string ?? "", requestBody: call.body, bodyType: call.bodyType, status: call.status))
        }
        // A task id (`<appId>-<number>`, redeploy and cancel) names its application too.
        let taskApp = body["taskId"].string.flatMap { $0.split(separator: "-").first }.flatMap { Int64($0) }
        let appID = ["appId", "id"].lazy.compactMap { body[$0].string.flatMap { Int64($0) } }.first ?? taskApp
        var detail = ["taskId", "name"].lazy.compactMap { body[$0].string }.first { !$0.isEmpty }
        if detail == nil, let owner = body["owner"].string, let repo = body["repo"].string { detail = "\(owner)/\(repo)" }
        let log = OperationLog(
            username: call.user.account, projectKey: await projectKey(ofApplication: appID), method: Self.method,
            function: String(call.request.uri.path.dropFirst(Self.prefix.count)),
            detail: detail ?? appID.map(String.init) ?? "", requestBody: call.body, bodyType: call.bodyType, status: call.status)
        return AuditRecord(log)
    }

    /// The project of the application's workflow, when the application (still) exists.
    func projectKey(ofApplication id: Int64?) async -> String {
        guard let id, let app = try? await store.serverlessApps.get(id: id),
            let workflow = try? await store.workflows.get(key: app.workflowKey)
        else { return "" }
        return workflow.projectKey
    }
}
