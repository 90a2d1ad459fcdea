import Foundation

/// A Serverless Devs pipeline file, as the dispatcher stores it (JSON text): top-level `env` and
/// `steps`, each step a `run:` script or a `plugin:` (resolved into `plugin_spec` at dispatch).
/// Values that hold `${{ … }}` expressions (`env`, `if`, plugin `inputs`) stay JSON: they are
/// evaluated step by step at run time.
///
/// A top-level `image` runs every step in that OCI image; a step's own `image` overrides it for
/// that step (Slipway's extension: Serverless Devs runs steps in its runner's image).
/// A top-level `runs-on` (a list of labels, or one comma-separated string) runs the whole
/// pipeline on a remote agent carrying them all (Slipway's extension, spelled as GitHub Actions
/// spells a job's runner; one pipeline runs in one workspace, so there is no step-level one).
package struct ServerlessPipelineFile: Sendable, Equatable {
    package var env: [String: JSONValue]
    package var steps: [Step]
    /// The image the steps run in; nil for the server's own executor.
    package var image: String?
    /// The agent labels the pipeline asks for (`runs-on`); empty: the server runs it.
    package var labels: [String] = []

    /// One step of the file.
    package struct Step: Sendable, Equatable {
        /// `id`, nil when absent or empty.
        package var id: String?
        package var name: String?
        package var run: String?
        /// The plugin reference (`plugin:`).
        package var plugin: String?
        /// The plugin, embedded at dispatch.
        package var pluginSpec: PluginSpec
        /// Plugin input values by name, as written.
        package var inputs: [String: JSONValue]
        package var env: [String: JSONValue]
        /// `if:` as written (absent: `.null`).
        package var condition: JSONValue
        /// `continue-on-error` (or `continue_on_error`).
        package var continueOnError: Bool
        /// The step's own image, over the file's.
        package var image: String?
    }

    /// The embedded plugin of a `plugin:` step.
    package struct PluginSpec: Sendable, Equatable {
        package var name: String?
        package var version: String
        package var run: String
        package var inputs: [Input]

        /// A declared input.
        package struct Input: Sendable, Equatable {
            package var name: String
            /// `default:` as written (`.null` when none).
            package var defaultValue: JSONValue
            package var required: Bool
        }
    }

    /// Read the file from its JSON text; nil when the text is empty or not a JSON object.
    /// As lenient as the pipeline runner always was: a field of the wrong shape reads as unset.
    package static func parse(_ text: String) -> ServerlessPipelineFile? {
        guard !text.isEmpty, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
            return nil
        }
        var file = ServerlessPipelineFile(
            env: value["env"].object, steps: value["steps"].array.map(Step.init), image: nonEmpty(value["image"].string))
        file.labels = (try? JobSettings.labelList(SpecReader(value["runs-on"], path: "runs-on"))) ?? []
        return file
    }

    /// The image `step` runs in: its own, else the file's.
    package func image(of step: Step) -> String? { step.image ?? image }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    /// Refuse a `runs-on` that is neither a string nor a list of strings.
    static func checkLabels(_ text: String, at pipeline: SpecReader) throws(JobPlanError) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else { return }
        _ = try JobSettings.labelList(SpecReader(value, path: pipeline.path)["runs-on"])
    }

    /// Refuse an `image` (top-level or a step's) that is not a string or not an image reference.
    static func checkImages(_ text: String, at pipeline: SpecReader) throws(JobPlanError) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else { return }
        let file = SpecReader(value, path: pipeline.path)
        var fields = [file["image"]]
        if case .array = value["steps"] { fields += try file["steps"].items().map { $0["image"] } }
        for field in fields {
            guard let image = try field.optionalString() else { continue }
            _ = try ContainerImageReference.checked(image.trimmingCharacters(in: .whitespaces), at: field)
        }
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
        image = ServerlessPipelineFile.nonEmpty(step["image"].string)
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
