import Foundation
import SlipwayCore

/// Run-time values reach shell scripts as data: inside the fields a shell runs (freestyle `shell`
/// steps and `script`, a plugin's `sh -c` script), every `{{.key}}` (and a plugin's
/// `$(inputs.NAME)`) becomes a quoted reference to an exported environment variable; every other
/// field keeps plain substitution. Every parameter whose name is a shell identifier is also
/// exported under its own name.
enum ScriptVariables {
    /// Shells whose `-c` argument is a script.
    static let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"]

    /// Pseudo-key under which a plugin input travels (`$(inputs.NAME)` in a shell script).
    static func inputKey(_ name: String) -> String { "plugin-input.\(name)" }

    /// The spec with each shell-script string passed through `transform`; nothing else touched.
    static func mapScripts(_ spec: JSONValue, type: JobType, _ transform: (String) -> String) -> JSONValue {
        var spec = spec
        switch type {
        case .freestyle:
            if let script = spec["script"].string { spec["script"] = .string(transform(script)) }
            if !spec["steps"].array.isEmpty {
                spec["steps"] = .array(spec["steps"].array.map { step in
                    guard step["type"].string == "shell", let script = step["spec"]["script"].string else { return step }
                    var step = step
                    var stepSpec = step["spec"]
                    stepSpec["script"] = .string(transform(script))
                    step["spec"] = stepSpec
                    return step
                })
            }
        case .plugin:
            let nested = !spec["plugin"].isNull
            var plugin = nested ? spec["plugin"] : spec
            let cmds = plugin["cmds"].array, args = plugin["args"].array
            guard let index = scriptIndex(in: (cmds + args).map { $0.string ?? "" }) else { return spec }
            if index < cmds.count {
                plugin["cmds"] = .array(cmds.enumerated().map { $0.offset == index ? .string(transform($0.element.string ?? "")) : $0.element })
            } else {
                plugin["args"] = .array(args.enumerated().map { $0.offset == index - cmds.count ? .string(transform($0.element.string ?? "")) : $0.element })
            }
            if nested { spec["plugin"] = plugin } else { spec = plugin }
        default:
            break
        }
        return spec
    }

    /// In `sh -c SCRIPT …` (any listed shell, options before `-c`), the index of SCRIPT.
    static func scriptIndex(in argv: [String]) -> Int? {
        guard let first = argv.first, shells.contains(URL(fileURLWithPath: first).lastPathComponent) else { return nil }
        var i = 1
        if URL(fileURLWithPath: first).lastPathComponent == "busybox" {
            guard argv.count > 1, shells.contains(argv[1]) else { return nil }
            i = 2
        }
        while i < argv.count, argv[i].hasPrefix("-") {
            if argv[i] != "--", argv[i].dropFirst().contains("c") { return i + 1 < argv.count ? i + 1 : nil }
            i += 1
        }
        return nil
    }

    /// `$(inputs.NAME)` → `{{.plugin-input.NAME}}`, so the script renderer treats inputs like variables.
    static func inputsAsPlaceholders(_ script: String) -> String {
        guard script.contains("$(inputs.") else { return script }
        var out = ""
        var rest = Substring(script)
        while let open = rest.range(of: "$(inputs."), let close = rest[open.upperBound...].firstIndex(of: ")") {
            out += rest[..<open.lowerBound]
            out += "{{.\(inputKey(String(rest[open.upperBound..<close])))}}"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Plugin input values by pseudo-key, `{{.…}}` in them rendered plainly (they travel as data).
    static func pluginInputs(_ spec: JSONValue, type: JobType, renderer: VariableRenderer) -> [String: String] {
        guard type == .plugin else { return [:] }
        let plugin = spec["plugin"].isNull ? spec : spec["plugin"]
        var values: [String: String] = [:]
        for (name, value) in PluginExecutor.inputs(of: plugin) { values[inputKey(name)] = renderer.render(value, dropUnknown: true) }
        return values
    }
}

extension WorkflowTask {
    /// A job's spec ready to run: scripts refer to exported variables, other fields substituted.
    func renderedSpec(_ spec: JSONValue, type: JobType, renderer: VariableRenderer) -> JSONValue {
        let known = Set(renderer.values.keys).union(ScriptVariables.pluginInputs(spec, type: type, renderer: renderer).keys)
        let scripts = ShellScriptRenderer(knownKeys: known)
        let safe = ScriptVariables.mapScripts(spec, type: type) { script in
            scripts.render(type == .plugin ? ScriptVariables.inputsAsPlaceholders(script) : script).script
        }
        return safe.mapStrings { renderer.render($0, dropUnknown: true) }
    }

    /// What a job's scripts read from the environment: the variables they refer to and every
    /// parameter whose name is a shell identifier, internal ones excepted.
    func scriptEnvironment(jobName: String) -> [String: String] {
        var env: [String: String] = [:]
        // Internal parameters (a generated workflow's `pipeline`, `commit`, …) are the engine's, not
        // the job's: a pipeline file can exceed what one environment variable may hold.
        for param in params where Self.isShellIdentifier(param.name) && !param.locked { env[param.name] = param.value }
        guard let at = jobIndex(named: jobName) else { return env }
        let job = stages[at.stage].jobs[at.job]
        let renderer = VariableRenderer(values: variables)
        let values = renderer.values.merging(ScriptVariables.pluginInputs(job.spec, type: job.type, renderer: renderer)) { a, _ in a }
        let scripts = ShellScriptRenderer(knownKeys: Set(values.keys))
        _ = ScriptVariables.mapScripts(job.spec, type: job.type) { script in
            for key in scripts.render(job.type == .plugin ? ScriptVariables.inputsAsPlaceholders(script) : script).used {
                env[ShellScriptRenderer.environmentName(for: key)] = values[key]
            }
            return script
        }
        return env
    }

    static func isShellIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
