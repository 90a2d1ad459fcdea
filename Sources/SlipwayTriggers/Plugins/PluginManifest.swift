import Foundation
import SlipwayCore

/// A plugin manifest (YAML or JSON), the form `slipway admin plugin add` and
/// `POST /api/flow/plugin/register` accept:
///
/// ```yaml
/// name: "@acme/notify"
/// version: "1.2.0"
/// description: Post a message to a chat webhook
/// inputs:
///   webhook: { required: true, description: Incoming webhook URL }
///   message: { default: "deployed" }
/// run: |
///   curl -fsS -d "$INPUT_MESSAGE" "$INPUT_WEBHOOK"
/// ```
package enum PluginManifest {
    package static let maxBytes = 256 * 1024

    /// Parse and validate a manifest text.
    package static func parse(_ text: String, createdBy: String) throws -> PipelinePlugin {
        guard text.utf8.count <= maxBytes else { throw SlipwayError.invalidInput("plugin manifest exceeds \(maxBytes) bytes") }
        return try plugin(from: PipelineFile.read(text, what: "plugin manifest", maxBytes: maxBytes), createdBy: createdBy)
    }

    /// Validate a manifest already decoded as JSON.
    package static func plugin(from value: JSONValue, createdBy: String) throws -> PipelinePlugin {
        guard case .object = value else { throw SlipwayError.invalidInput("plugin manifest must be a mapping") }
        guard let name = value["name"].string, PipelinePlugin.isValidName(name) else {
            throw SlipwayError.invalidInput("plugin name is required: lower-case letters, digits, '.', '_', '-', optionally @scope/")
        }
        guard let run = value["run"].string, !run.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SlipwayError.invalidInput("plugin \(name): run: (a shell script) is required")
        }
        let version = value["version"].string ?? "1"
        guard !version.isEmpty, version.count <= 64, !version.contains(where: \.isWhitespace) else {
            throw SlipwayError.invalidInput("plugin \(name): version must be a short token")
        }
        return PipelinePlugin(
            name: name, version: version, description: value["description"].string ?? "",
            inputs: try inputs(value["inputs"], plugin: name), run: run, createdBy: createdBy)
    }

    /// `inputs:` as a mapping (name → settings) or a list of `{name, …}`.
    static func inputs(_ value: JSONValue, plugin: String) throws -> [PipelinePlugin.Input] {
        var entries: [(String, JSONValue)] = []
        switch value {
        case .null: return []
        case .object(let map): entries = map.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        case .array(let list):
            for item in list {
                guard let name = item["name"].string else { throw SlipwayError.invalidInput("plugin \(plugin): every input needs a name") }
                entries.append((name, item))
            }
        default: throw SlipwayError.invalidInput("plugin \(plugin): inputs must be a mapping or a list")
        }
        var seen = Set<String>()
        return try entries.map { name, settings in
            guard PipelinePlugin.isValidInputName(name) else { throw SlipwayError.invalidInput("plugin \(plugin): invalid input name \(name)") }
            guard seen.insert(PipelinePlugin.Input(name: name).environmentName).inserted else {
                throw SlipwayError.invalidInput("plugin \(plugin): input \(name) is declared twice")
            }
            return PipelinePlugin.Input(
                name: name, required: settings["required"].bool ?? false,
                defaultValue: settings["default"].string, description: settings["description"].string ?? "")
        }
    }

    /// The plugin as JSON, embedded into a dispatched pipeline (and returned by the list API).
    package static func json(_ plugin: PipelinePlugin) -> JSONValue {
        .object([
            "name": .string(plugin.name), "version": .string(plugin.version), "description": .string(plugin.description),
            "run": .string(plugin.run),
            "inputs": .array(
                plugin.inputs.map { input in
                    .object([
                        "name": .string(input.name), "required": .bool(input.required),
                        "default": input.defaultValue.map(JSONValue.string) ?? .null, "description": .string(input.description),
                    ])
                }),
            "created_by": .string(plugin.createdBy), "created_time": .number(Double(plugin.createdAt)),
            "updated_time": .number(Double(plugin.updatedAt)),
        ])
    }
}
