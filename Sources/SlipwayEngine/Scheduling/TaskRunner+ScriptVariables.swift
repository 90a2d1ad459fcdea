import Foundation
import SlipwayCore

/// Run-time values reach shell scripts as data: inside the fields a shell runs (freestyle `shell`
/// steps and `script`, a plugin's `sh -c` script), every `{{.key}}` (and a plugin's
/// `$(inputs.NAME)`) becomes a quoted reference to an exported environment variable; every other
/// field keeps plain substitution. Every parameter whose name is a shell identifier is also
/// exported under its own name.
enum ScriptVariables {
    /// Pseudo-key under which a plugin input travels (`$(inputs.NAME)` in a shell script).
    static func inputKey(_ name: String) -> String { "plugin-input.\(name)" }

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
    static func pluginInputs(_ plan: JobPlan, renderer: VariableRenderer) -> [String: String] {
        guard case .plugin(let plugin) = plan else { return [:] }
        var values: [String: String] = [:]
        for (name, value) in plugin.inputValues { values[inputKey(name)] = renderer.render(value, dropUnknown: true) }
        return values
    }

    /// A script as the shell renderer reads it: a plugin's `$(inputs.NAME)` as variables.
    static func scriptSource(_ script: String, plan: JobPlan) -> String {
        if case .plugin = plan { return inputsAsPlaceholders(script) }
        return script
    }
}

extension WorkflowTask {
    /// A job ready to run: its stored spec decoded, scripts referring to exported variables,
    /// other fields substituted.
    func renderedJob(_ job: JobRun, renderer: VariableRenderer) throws(JobPlanError) -> CompiledJob {
        let compiled = try job.compiled()
        let known = Set(renderer.values.keys).union(ScriptVariables.pluginInputs(compiled.plan, renderer: renderer).keys)
        let scripts = ShellScriptRenderer(knownKeys: known)
        return compiled.mapTemplates(
            script: { scripts.render(ScriptVariables.scriptSource($0, plan: compiled.plan)).script },
            text: { renderer.render($0, dropUnknown: true) })
    }

    /// What a job's scripts read from the environment: the variables they refer to and every
    /// parameter whose name is a shell identifier, internal ones excepted.
    func scriptEnvironment(jobName: String) -> [String: String] {
        var env: [String: String] = [:]
        // Internal parameters (a generated workflow's `pipeline`, `commit`, …) are the engine's, not
        // the job's: a pipeline file can exceed what one environment variable may hold.
        for param in params where Self.isShellIdentifier(param.name) && !param.locked { env[param.name] = param.value }
        guard let at = jobIndex(named: jobName) else { return env }
        let plan: JobPlan
        do { plan = try stages[at.stage].jobs[at.job].compiled().plan } catch {
            return env  // The job fails with the decoding error before any script runs.
        }
        let renderer = VariableRenderer(values: variables)
        let values = renderer.values.merging(ScriptVariables.pluginInputs(plan, renderer: renderer)) { a, _ in a }
        let scripts = ShellScriptRenderer(knownKeys: Set(values.keys))
        _ = plan.mapTemplates(
            script: { script in
                for key in scripts.render(ScriptVariables.scriptSource(script, plan: plan)).used {
                    env[ShellScriptRenderer.environmentName(for: key)] = values[key]
                }
                return script
            },
            text: { $0 })
        return env
    }

    static func isShellIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
