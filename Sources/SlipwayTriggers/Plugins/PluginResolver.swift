import SlipwayCore
import SlipwayStore

/// Resolves the `plugin:` steps of a pipeline at dispatch: each names a registered plugin
/// (`name` or `name@version`), its `inputs` are checked against the declared ones, and the
/// plugin is embedded into the step (`plugin_spec`) so the task runs the plugin as it was
/// when dispatched, whatever is registered later. A missing plugin refuses the dispatch.
package enum PluginResolver {
    package static func embed(_ pipeline: JSONValue, plugins: PipelinePluginRepository) async throws -> JSONValue {
        var steps = pipeline["steps"].array
        guard steps.contains(where: { $0["plugin"].string != nil }) else { return pipeline }
        for index in steps.indices {
            guard let reference = steps[index]["plugin"].string else { continue }
            let plugin = try await lookup(reference, plugins: plugins)
            let label = "pipeline step \(index + 1) (\(reference))"
            let given = steps[index]["inputs"]
            if case .object = given {
            } else if !given.isNull {
                throw SlipwayError.invalidInput("\(label): inputs must be a mapping")
            }
            let declared = Set(plugin.inputs.map(\.name))
            if let unknown = given.object.keys.sorted().first(where: { !declared.contains($0) }) {
                throw SlipwayError.invalidInput("\(label): plugin \(plugin.name) has no input \(unknown)")
            }
            for input in plugin.inputs where input.required && input.defaultValue == nil && given[input.name].isNull {
                throw SlipwayError.invalidInput("\(label): input \(input.name) is required by plugin \(plugin.name)")
            }
            steps[index]["plugin_spec"] = PluginManifest.json(plugin)
        }
        var out = pipeline
        out["steps"] = .array(steps)
        return out
    }

    /// `name` first (so `@scope/name` works), then `name@version`, whose version must match.
    static func lookup(_ reference: String, plugins: PipelinePluginRepository) async throws -> PipelinePlugin {
        if let plugin = try await plugins.get(name: reference) { return plugin }
        let (name, version) = PipelinePlugin.stripVersion(reference)
        if let version, let plugin = try await plugins.get(name: name) {
            guard plugin.version == version else {
                throw SlipwayError.failedPrecondition(
                    "plugin \(name)@\(version) is not registered on this server (registered: \(plugin.version))")
            }
            return plugin
        }
        throw SlipwayError.failedPrecondition(
            "plugin \(reference) is not registered on this server; an administrator registers it with `slipway admin plugin add`")
    }
}
