/// A `plugin` job: the plugin's `cmds` + `args`, its `envs` and `inputs`. The spec is the plugin
/// template itself or `{plugin: {…}}`.
package struct PluginPlan: Sendable, Equatable {
    package var name: String
    package var version: String
    /// The image the plugin runs in (empty: the server's own executor).
    package var image: String
    package var cmds: [String]
    package var args: [String]
    package var envs: [Variable]
    package var inputs: [Input]
    /// The agent labels the job asks for, as freestyle jobs spell them (`properties.vm_labels` or
    /// `vm_labels`, see `JobSettings.vmLabels`); empty runs it on the server.
    package var vmLabels: [String] = []

    /// A plugin environment variable (`{name, value}`).
    package struct Variable: Sendable, Equatable {
        package var name: String
        package var value: String
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A plugin input: its value, else its default.
    package struct Input: Sendable, Equatable {
        package var name: String
        package var value: String
        package var defaultValue: String
        package var isCredential: Bool

        package init(name: String, value: String, defaultValue: String = "", isCredential: Bool = false) {
            self.name = name
            self.value = value
            self.defaultValue = defaultValue
            self.isCredential = isCredential
        }

        /// `value`, or `default` when the value is empty.
        package var effectiveValue: String { value.isEmpty ? defaultValue : value }
    }

    package init(
        name: String = "", version: String = "", image: String = "", cmds: [String], args: [String] = [],
        envs: [Variable] = [], inputs: [Input] = []
    ) {
        self.name = name
        self.version = version
        self.image = image
        self.cmds = cmds
        self.args = args
        self.envs = envs
        self.inputs = inputs
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        vmLabels = try JobSettings.vmLabels(spec)
        try spec.requireObjectOrAbsent()
        let plugin = spec["plugin"].isAbsent ? spec : spec["plugin"]
        try plugin.requireObjectOrAbsent()
        name = try plugin["name"].string()
        version = try plugin["version"].string()
        image = try ContainerImageReference.checked(try plugin["image"].string(), at: plugin["image"])
        cmds = try plugin["cmds"].strings()
        args = try plugin["args"].strings()
        var envs: [Variable] = []
        for env in try plugin["envs"].items() {
            try env.requireObjectOrAbsent()
            if let name = try env["name"].optionalString() { envs.append(Variable(name: name, value: try env["value"].string())) }
        }
        self.envs = envs
        var inputs: [Input] = []
        for input in try plugin["inputs"].items() {
            try input.requireObjectOrAbsent()
            guard let name = try input["name"].optionalString() else { continue }
            inputs.append(
                Input(
                    name: name, value: try input["value"].string(), defaultValue: try input["default"].string(),
                    isCredential: try input["is_credential"].bool()))
        }
        self.inputs = inputs
    }

    /// The command line: `cmds` then `args`.
    package var argv: [String] { cmds + args }

    /// Input values by name.
    package var inputValues: [String: String] {
        var values: [String: String] = [:]
        for input in inputs { values[input.name] = input.effectiveValue }
        return values
    }

    /// The values of inputs marked as credentials (to mask).
    package var credentialValues: [String] { inputs.filter(\.isCredential).map(\.value) }

    /// The same plan with every text passed through `text`; the argument at `scriptIndex` of
    /// `argv` (the script of `sh -c SCRIPT`) through `script` first.
    package func mapTemplates(scriptIndex: Int?, script: (String) -> String, text: (String) -> String) -> PluginPlan {
        let mappedArgv = argv.enumerated().map { $0.offset == scriptIndex ? text(script($0.element)) : text($0.element) }
        var mapped = PluginPlan(
            name: text(name), version: text(version), image: text(image), cmds: Array(mappedArgv.prefix(cmds.count)),
            args: Array(mappedArgv.dropFirst(cmds.count)), envs: envs.map { Variable(name: text($0.name), value: text($0.value)) },
            inputs: inputs.map { Input(name: text($0.name), value: text($0.value), defaultValue: text($0.defaultValue), isCredential: $0.isCredential) })
        mapped.vmLabels = vmLabels
        return mapped
    }
}
