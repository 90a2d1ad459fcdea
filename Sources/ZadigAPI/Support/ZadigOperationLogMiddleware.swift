import Foundation
import Hummingbird
import NIOCore
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Records every mutating call (who, when, project, verb, function, status) after its status is known.
/// The repository redacts the body's credential values and caps its length before storing it.
struct ZadigOperationLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store

    static let mutating: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard Self.mutating.contains(request.method), let identity = context.identity else {
            return try await next(request, context)
        }
        var request = request
        let response: Response
        var bodyText = ""
        do {
            bodyText = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            response = try await next(request, context)
        } catch is NIOTooManyBytesError {
            response = try ZadigError.tooLarge(context.maxUploadSize).response(from: request, context: context)
        }
        await record(request, context: context, user: identity.user, body: bodyText, status: response.status.code)
        return response
    }

    private func record(_ request: Request, context: AppRequestContext, user: User, body: String, status: Int) async {
        let note = context.audit.current
        let verbs: [HTTPRequest.Method: String] = [.post: "新建", .put: "更新", .patch: "更新", .delete: "删除"]
        let prefix = request.uri.path.hasPrefix("/openapi") ? "OpenAPI" : ""
        let project = note.projectKey
            ?? ["projectKey", "projectName", "namespace", "project_key"].lazy.compactMap { ZadigInput.query(request, $0) }.first
            ?? ""
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let bodyType = trimmed.isEmpty ? "" : (trimmed.hasPrefix("{") || trimmed.hasPrefix("[") ? "json" : "yaml")
        let log = OperationLog(
            username: user.account, projectKey: project, method: prefix + (verbs[request.method] ?? request.method.rawValue),
            function: note.function ?? context.endpointPath ?? request.uri.path, scene: note.scene, targets: note.targets,
            detail: note.detail ?? "", requestBody: body, bodyType: bodyType, status: status)
        do {
            try await store.operationLogs.record(log, credentialNames: await credentialNames(setBy: body))
        } catch {
            context.logger.error("operation log not recorded", metadata: ["error": "\(error)"])
        }
    }

    /// A run request (`workflow_key` in a JSON body) may set the workflow's credential parameters
    /// and envs by name: those names, so their values are redacted too.
    private func credentialNames(setBy body: String) async -> Set<String> {
        guard body.contains("workflow_key"),
            let key = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)))?["workflow_key"].string,
            let workflow = try? await store.workflows.get(key: key)
        else { return [] }
        return CredentialFields.names(of: workflow)
    }
}
