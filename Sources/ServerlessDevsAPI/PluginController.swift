import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore
import SlipwayTriggers

/// `/api/flow/plugin/*`: the plugins `plugin:` steps may name (a Slipway extension: Serverless
/// Devs resolves plugins from npm; here an administrator registers them).
struct PluginController: Sendable {
    let store: Store

    /// `GET /api/flow/plugin/list`: every registered plugin (any signed-in user may read them).
    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        _ = try SDevs.identity(context)
        return .array(try await store.plugins.list().map(PluginManifest.json))
    }

    /// `POST /api/flow/plugin/register`: a manifest as the JSON body, or `{"manifest": "<YAML>"}`.
    /// Registering an existing name replaces it.
    @Sendable func register(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try administrator(context)
        let body = try await SDevs.body(request, context)
        let plugin: PipelinePlugin
        if let text = body["manifest"].string {
            plugin = try PluginManifest.parse(text, createdBy: identity.user.account)
        } else {
            plugin = try PluginManifest.plugin(from: body, createdBy: identity.user.account)
        }
        return PluginManifest.json(try await store.plugins.register(plugin))
    }

    /// `POST /api/flow/plugin/remove` {name}.
    @Sendable func remove(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        _ = try administrator(context)
        let body = try await SDevs.body(request, context)
        guard let name = body["name"].string, !name.isEmpty else { throw SlipwayError.invalidInput("name is required") }
        try await store.plugins.delete(name: name)
        return .object(["name": .string(name)])
    }

    private func administrator(_ context: AppRequestContext) throws -> Identity {
        let identity = try SDevs.identity(context)
        guard identity.user.isAdmin else { throw SlipwayError.forbidden("only an administrator registers plugins") }
        return identity
    }
}
