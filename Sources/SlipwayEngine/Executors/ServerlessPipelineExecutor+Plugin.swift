import SlipwayCore

extension ServerlessPipelineExecutor {
    /// A `plugin:` step: the plugin (embedded as `plugin_spec` at dispatch) runs its script with
    /// the step's `inputs` rendered, as `INPUT_<NAME>` variables and as `${{ inputs.<name> }}`.
    func runPlugin(
        _ step: ServerlessPipelineFile.Step, id: String, env: [String: String], base: [String: JSONValue], status: StatusFunctions,
        context: JobContext, placement: JobPlacement
    ) async -> StepResult {
        let spec = step.pluginSpec
        let reference = step.plugin ?? ""
        let script = spec.run
        guard !script.isEmpty else {
            return StepResult(status: "failure", outputs: [:], errorMessage: "plugin \(reference) was not resolved when the task was dispatched")
        }
        var inputs: [String: JSONValue] = [:]
        var environment = env
        for declared in spec.inputs {
            let name = declared.name
            let given = step.inputs[name] ?? .null
            let raw: JSONValue = given.isNull ? declared.defaultValue : given
            if raw.isNull, declared.required {
                return StepResult(status: "failure", outputs: [:], errorMessage: "plugin \(reference): input \(name) is required")
            }
            let value: String
            do { value = try Self.render(Self.text(raw), base, status) } catch {
                return StepResult(status: "failure", outputs: [:], errorMessage: "plugin \(reference): input \(name): \(error)")
            }
            inputs[name] = .string(value)
            environment[PipelinePlugin.Input(name: name).environmentName] = value
        }
        await context.log("plugin \(spec.name ?? reference)@\(spec.version) with inputs: \(inputs.keys.sorted().joined(separator: ", "))")
        var pluginBase = base
        pluginBase["inputs"] = .object(inputs)
        return await runScript(script, id: id, env: environment, base: pluginBase, status: status, context: context, placement: placement)
    }
}
