import Foundation

/// A Serverless Devs pipeline file, as the dispatcher stores it (JSON text): top-level `env` and
/// `steps`, each step a `run:` script or a `plugin:` (resolved into `plugin_spec` at dispatch).
/// Values that hold `${{ … }}` expressions (`env`, `if`, plugin `inputs`) stay JSON: they are
/// evaluated step by step at run time.
public struct ServerlessPipelineFile: Sendable, Equatable {
    public var env: [String: JSONValue]
    public var steps: [Step]

    /// One step of the file.
    public struct Step: Sendable, Equatable {
        /// `id`, nil when absent or empty.
        public var id: String?
        public var name: String?
        public var run: String?
        /// The plugin reference (`plugin:`).
        public var plugin: String?
        /// The plugin, embedded at dispatch.
        public var pluginSpec: PluginSpec
        /// Plugin input values by name, as written.
        public var inputs: [String: JSONValue]
        public var env: [String: JSONValue]
        /// `if:` as written (absent: `.null`).
        public var condition: JSONValue
        /// `continue-on-error` (or `continue_on_error`).
        public var continueOnError: Bool
    }

    /// The embedded plugin of a `plugin:` step.
    public struct PluginSpec: Sendable, Equatable {
        public var name: String?
        public var version: String
        public var run: String
        public var inputs: [Input]

        /// A declared input.
        public struct Input: Sendable, Equatable {
            public var name: String
            /// `default:` as written (`.null` when none).
            public var defaultValue: JSONValue
            public var required: Bool
        }
    }

    /// Read the file from its JSON text; nil when the text is empty or not a JSON object.
    /// As lenient as the pipeline runner always was: a field of the wrong shape reads as unset.
    public static func parse(_ text: String) -> ServerlessPipelineFile? {
        guard !text.isEmpty, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
            return nil
        }
        return ServerlessPipelineFile(env: value["env"].object, steps: value["steps"].array.map(Step.init))
    }
}

extension ServerlessPipelineFile.Step {
    init(_ step: JSONValue) {
        id = step["id"].string.flatMap { $0.isEmpty ? nil : $0 }
        name = step["name"].string
        run = step["run"].string
        plugin = step["plugin"].string
        pluginSpec = ServerlessPipelineFile.PluginSpec(step["plugin_spec"])
        inputs = step["inputs"].object
        env = step["env"].object
        condition = step["if"]
        continueOnError = step["continue-on-error"].bool == true || step["continue_on_error"].bool == true
    }
}

extension ServerlessPipelineFile.PluginSpec {
    init(_ spec: JSONValue) {
        name = spec["name"].string
        version = spec["version"].string ?? ""
        run = spec["run"].string ?? ""
        inputs = spec["inputs"].array.compactMap { input in
            input["name"].string.map { Input(name: $0, defaultValue: input["default"], required: input["required"].bool == true) }
        }
    }
}
