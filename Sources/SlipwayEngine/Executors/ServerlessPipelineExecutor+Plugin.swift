import SlipwayCore

extension ServerlessPipelineExecutor {
    /// A `plugin:` step: the plugin (embedded as `plugin_spec` at dispatch) runs its script with
    /// the step's `inputs` rendered, as `INPUT_<NAME>` variables and as `${{ inputs.<name> }}`.
    func runPlugin(
        _ step: JSONValue, id: String, env: [String: String], base: [String: JSONValue], status: StatusFunctions,
        context: JobContext
    ) async -> StepResult {
        let spec = step["plugin_spec"]
        let reference = step["plugin"].string ?? ""
        guard let script = spec["run"].string, !script.isEmpty else {
            return StepResult(status: "failure", outputs: [:], errorMessage: "plugin \(reference) was not resolved when the task was dispatched")
        }
        var inputs: [String: JSONValue] = [:]
        var environment = env
        for declared in spec["inputs"].array {
            guard let name = declared["name"].string else { continue }
            let raw: JSONValue = step["inputs"][name].isNull ? declared["default"] : step["inputs"][name]
            if raw.isNull, declared["required"].bool == true {
                return StepResult(status: "failure", outputs: [:], errorMessage: "plugin \(reference): input \(name) is required")
            }
            let value: String
            do { value = try Self.render(Self.text(raw), base, status) } catch {
                return StepResult(status: "failure", outputs: [:], errorMessage: "plugin \(reference): input \(name): \(error)")
            }
            inputs[name] = .string(value)
            environment[PipelinePlugin.Input(name: name).environmentName] = value
        }
        await context.log("plugin \(spec["name"].string ?? reference)@\(spec["version"].string ?? "") with inputs: \(inputs.keys.sorted().joined(separator: ", "))")
        var pluginBase = base
        pluginBase["inputs"] = .object(inputs)
        return await runScript(script, id: id, env: environment, base: pluginBase, status: status, context: context)
    }
}
