import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Zadig's operation-log entries: the verb as Zadig shows it (`OpenAPI新建`…), the function and
/// detail the handler noted in `context.audit`, and the project from the note or the query.
struct ZadigAuditDescriber: AuditDescriber {
    let store: Store

    static let verbs: [HTTPRequest.Method: String] = [.post: "新建", .put: "更新", .patch: "更新", .delete: "删除"]

    /// Every mutating call of the Zadig route groups it is attached to.
    func audits(_ request: Request) -> Bool { true }

    func oversizedBodyResponse(_ request: Request, context: AppRequestContext) throws -> Response? {
        try ZadigError.tooLarge(context.maxUploadSize).response(from: request, context: context)
    }

    func record(_ call: AuditedCall, context: AppRequestContext) async -> AuditRecord? {
        let request = call.request
        let note = context.audit.current
        let prefix = request.uri.path.hasPrefix("/openapi") ? "OpenAPI" : ""
        let project =
            note.projectKey
            ?? ["projectKey", "projectName", "namespace", "project_key"].lazy.compactMap { call.query($0) }.first
            ?? ""
        let log = OperationLog(
            username: call.user.account, projectKey: project,
            method: prefix + (Self.verbs[request.method] ?? request.method.rawValue),
            function: note.function ?? context.endpointPath ?? request.uri.path, scene: note.scene, targets: note.targets,
            detail: note.detail ?? "", requestBody: call.body, bodyType: call.bodyType, status: call.status)
        return AuditRecord(log, credentialNames: await credentialNames(setBy: call.body))
    }

    /// A run request (`workflow_key` in a JSON body) may set the workflow's credential parameters
    /// and envs by name, and a build made from a template (`template_name`) the template's
    /// credential parameters: those names, so their values are redacted too.
    private func credentialNames(setBy body: String) async -> Set<String> {
        if body.contains("template_name"),
            let name = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)))?["template_name"].string,
            let template = try? await store.quality.buildTemplate(named: name)
        {
            return Set(template.build.parameters.filter(\.isCredential).map(\.key))
        }
        guard body.contains("workflow_key"),
            let key = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)))?["workflow_key"].string,
            let workflow = try? await store.workflows.get(key: key)
        else { return [] }
        return CredentialFields.names(of: workflow)
    }
}
