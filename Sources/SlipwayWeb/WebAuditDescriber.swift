import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP

/// The operation-log entry of a page action (a run, an approval, a token…): who, what the
/// handler noted, and the form's fields except its CSRF token.
struct WebAuditDescriber: AuditDescriber {
    func audits(_ request: Request) -> Bool { true }

    func record(_ call: AuditedCall, context: AppRequestContext) async -> AuditRecord? {
        let note = context.audit.current
        // Sign-out and other calls that note nothing are not entries of their own.
        guard let function = note.function else { return nil }
        var fields: [String: String] = [:]
        for field in FormBody(call.body).fields where field.name != "csrf" { fields[field.name] = field.value }
        let body = (try? JSONEncoder().encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let log = OperationLog(
            username: call.user.account, projectKey: note.projectKey ?? "", method: "Web", function: function, scene: note.scene,
            targets: note.targets, detail: note.detail ?? "", requestBody: body, bodyType: "json", status: call.status)
        return AuditRecord(log)
    }
}
