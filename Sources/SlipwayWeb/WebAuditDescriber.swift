import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// The operation-log entry of a page action (a run, an approval, a token…): who, what the
/// handler noted, and the form's fields except its CSRF token.
/// The fields are stored as `{name, value}` entries (a run form's `param.X` as `X`), so the
/// store's redactor hides the value of every credential parameter of the workflow acted on, as it
/// does for the Zadig API's run requests.
struct WebAuditDescriber: AuditDescriber {
    let store: Store

    func audits(_ request: Request) -> Bool { true }

    func record(_ call: AuditedCall, context: AppRequestContext) async -> AuditRecord? {
        let note = context.audit.current
        // Sign-out and other calls that note nothing are not entries of their own.
        guard let function = note.function else { return nil }
        var fields: [[String: String]] = []
        for field in FormBody(call.body).fields where field.name != "csrf" {
            let name = field.name.hasPrefix("param.") ? String(field.name.dropFirst(6)) : field.name
            fields.append(["name": name, "value": field.value])
        }
        let body = (try? JSONEncoder().encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let log = OperationLog(
            username: call.user.account, projectKey: note.projectKey ?? "", method: "Web", function: function, scene: note.scene,
            targets: note.targets, detail: note.detail ?? "", requestBody: body, bodyType: "json", status: call.status)
        var credentials: Set<String> = []
        for key in note.targets {
            if let workflow = try? await store.workflows.get(key: key) { credentials.formUnion(CredentialFields.names(of: workflow)) }
        }
        return AuditRecord(log, credentialNames: credentials)
    }
}
