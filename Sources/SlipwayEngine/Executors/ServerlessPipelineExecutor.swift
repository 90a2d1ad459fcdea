import Foundation
import SlipwayCore

/// `serverless-pipeline` jobs (a Serverless Devs application's run): check out the commit, then
/// run the pipeline file's `steps` one after another with `${{ … }}` expressions, `if:`
/// conditions and the SDevs step statuses (`success`, `failure`, `cancelled`, `skipped`,
/// `error-with-continue`).
///
/// Spec (rendered by the runner): `repo_url`, `commit`, `pipeline` (the pipeline file as JSON
/// text, parsed at dispatch from the pushed commit), `git` {branch, commit, event_name,
/// pusher_name, message}, `task_id`, `task_url`, `inputs` (JSON text), `secrets` {name: value}.
package struct ServerlessPipelineExecutor: JobExecutor {
    let backend: any ExecutionBackend
    /// Local repositories are checked out by the server, outside the sandbox.
    let checkout: HostedCheckout?

    /// How long a step that runs after a cancel (`if: ${{ cancelled() }}` or `always()`) may take.
    let cleanupTimeout: Duration

    /// `repositoriesDirectory`: where the hosted repositories the server checks out live.
    package init(backend: any ExecutionBackend = HostBackend(), repositoriesDirectory: URL? = nil, cleanupTimeout: Duration = .seconds(300)) {
        self.init(
            backend: backend, checkout: repositoriesDirectory.map { HostedCheckout(repositoriesDirectory: $0) },
            cleanupTimeout: cleanupTimeout)
    }

    init(backend: any ExecutionBackend, checkout: HostedCheckout?, cleanupTimeout: Duration = .seconds(300)) {
        self.backend = backend
        self.checkout = checkout
        self.cleanupTimeout = cleanupTimeout
    }

    /// Steps that run after the task was cancelled are clean-up: they run outside the cancelled
    /// job (so their processes start at all), bounded by `cleanupTimeout`.
    func cleanupIfCancelled(_ cancelled: Bool, _ body: @escaping @Sendable () async -> StepResult) async -> StepResult {
        guard cancelled else { return await body() }
        let step = Task { await body() }
        let timeout = cleanupTimeout
        let timer = Task {
            try? await Task.sleep(for: timeout)
            step.cancel()
        }
        let result = await step.value
        timer.cancel()
        return result
    }

    /// One step's result, as `steps.<id>` exposes it.
    struct StepResult {
        var status: String
        var outputs: [String: String]
        var errorMessage: String

        var json: JSONValue {
            .object([
                "status": .string(status), "outputs": .object(outputs.mapValues(JSONValue.string)),
                "errorMessage": .string(errorMessage),
            ])
        }
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .serverlessPipeline(let spec) = context.plan else { return .wrongPlan(context) }
        guard let pipeline = ServerlessPipelineFile.parse(spec.pipeline) else {
            return JobOutcome(.failed, error: "pipeline: no pipeline file content (\(spec.template.isEmpty ? "serverless-pipeline.yaml" : spec.template))")
        }
        let steps = pipeline.steps
        guard !steps.isEmpty else { return JobOutcome(.failed, error: "pipeline: the pipeline file has no steps") }
        guard !spec.repoURL.isEmpty, !spec.commit.isEmpty else {
            return JobOutcome(.failed, error: "pipeline: repository or commit missing")
        }
        let url = spec.repoURL, commit = spec.commit
        let checkedOut: JobOutcome
        if let checkout, HostedCheckout.isLocal(url) {
            checkedOut = await checkout.run(url: url, commit: commit, name: "source", context: context)
        } else {
            checkedOut = await GitCheckout(backend: backend).run(
                repos: [GitCloneSource(url: url, repoName: "source", commitID: commit)], context: context)
        }
        if checkedOut.status != .passed { return checkedOut }

        var stepContext = context
        stepContext.workspace = context.workspace.appendingPathComponent("source")
        var base = Self.expressionBase(spec)
        var results: [String: JSONValue] = [:]
        var failed = false
        var cancelled = false
        var firstError = ""
        var summary: [JSONValue] = []

        for (index, step) in steps.enumerated() {
            let id = step.id ?? "step\(index + 1)"
            let name = step.name ?? step.run.map { String($0.prefix(40)) } ?? step.plugin ?? id
            if Task.isCancelled { cancelled = true }
            // Environment: top-level `env` merged under the step's own.
            var envValues: [String: String] = [:]
            base["steps"] = .object(results)
            let status = StatusFunctions(failed: failed, cancelled: cancelled)
            let placement = JobPlacement(image: pipeline.image(of: step), labels: context.plan.placement.labels)
            var result: StepResult
            var renderError: String?
            var env: [String: JSONValue] = [:]
            for (key, value) in pipeline.env.merging(step.env, uniquingKeysWith: { $1 }) {
                base["env"] = .object(env)
                do { envValues[key] = try Self.render(Self.text(value), base, status) } catch { renderError = "env \(key): \(error)" }
                env[key] = .string(envValues[key] ?? "")
            }
            base["env"] = .object(env)
            let shouldRun: Bool
            do {
                shouldRun = try Self.condition(step.condition, base, status)
            } catch {
                shouldRun = false
                renderError = "if: \(error)"
            }
            if let renderError {
                await context.log("=== step \(name): error: \(renderError) ===")
                result = StepResult(status: "failure", outputs: [:], errorMessage: renderError)
            } else if !shouldRun {
                await context.log("=== step \(name): skipped ===")
                result = StepResult(status: "skipped", outputs: [:], errorMessage: "")
            } else if let plugin = step.plugin {
                await context.log("=== step \(name) (plugin \(plugin)) ===")
                result = await cleanupIfCancelled(cancelled) { [base, envValues, stepContext] in
                    await runPlugin(step, id: id, env: envValues, base: base, status: status, context: stepContext, placement: placement)
                }
            } else if let script = step.run {
                await context.log("=== step \(name) ===")
                result = await cleanupIfCancelled(cancelled) { [base, envValues, stepContext] in
                    await runScript(script, id: id, env: envValues, base: base, status: status, context: stepContext, placement: placement)
                }
            } else {
                result = StepResult(status: "failure", outputs: [:], errorMessage: "step \(name) has neither run nor plugin")
                await context.log(result.errorMessage)
            }
            if result.status == "failure", step.continueOnError {
                result.status = "error-with-continue"
            }
            if result.status == "failure" {
                failed = true
                if firstError.isEmpty { firstError = "step \(name): \(result.errorMessage)" }
            }
            if result.status == "cancelled" { cancelled = true }
            await context.log("--- step \(name): \(result.status)")
            results[id] = result.json
            summary.append(
                .object([
                    "id": .string(id), "name": .string(name), "status": .string(result.status),
                    "errorMessage": .string(result.errorMessage),
                ]))
        }
        let stepsFile = context.outputsDirectory.appendingPathComponent(ServerlessPipelinePlan.stepsOutput)
        if let data = try? JSONEncoder().encode(JSONValue.array(summary)), JobFiles.isConfined(stepsFile, to: context.jobDirectory) {
            try? data.write(to: stepsFile, options: .atomic)
        }
        if cancelled { return JobOutcome(.cancelled) }
        if failed { return JobOutcome(.failed, error: firstError) }
        return .passed
    }

    /// What every step's expressions see besides `env` and `steps`: `secrets`, `git`, `task`, `inputs`.
    static func expressionBase(_ spec: ServerlessPipelinePlan) -> [String: JSONValue] {
        func value(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        return [
            "secrets": .object(spec.secrets.mapValues(JSONValue.string)),
            "git": .object([
                "branch": value(spec.git.branch), "commit": value(spec.git.commit), "event_name": value(spec.git.eventName),
                "pusher": .object(["name": value(spec.git.pusherName)]), "message": value(spec.git.message),
                "ref": value(spec.git.ref),
            ]),
            "task": .object(["id": value(spec.taskID), "url": value(spec.taskURL)]),
            "inputs": spec.inputValues,
        ]
    }

    func runScript(
        _ script: String, id: String, env: [String: String], base: [String: JSONValue], status: StatusFunctions,
        context: JobContext, placement: JobPlacement
    ) async -> StepResult {
        let rendered: (script: String, environment: [String: String])
        do { rendered = try Self.renderScript(script, base, status) } catch {
            return StepResult(status: "failure", outputs: [:], errorMessage: "run: \(error)")
        }
        let outputFile = context.workspace.deletingLastPathComponent().appendingPathComponent(".outputs-\(id)-\(UUID().uuidString.prefix(8))")
        guard JobFiles.isConfined(outputFile, to: context.jobDirectory) else {
            return StepResult(status: "failure", outputs: [:], errorMessage: "the workspace is not a directory of the job")
        }
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var extra = env.merging(rendered.environment) { $1 }
        extra["SLIPWAY_STEP_OUTPUTS"] = outputFile.path
        let outcome = await ShellScript(backend: backend).run(rendered.script, context: context, extraEnvironment: extra, placement: placement)
        var outputs: [String: String] = [:]
        if JobFiles.isConfinedRegularFile(outputFile, in: context.jobDirectory), let text = WholeFile.text(at: outputFile) {
            for line in text.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "="), eq != line.startIndex else { continue }
                outputs[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
        }
        switch outcome.status {
        case .passed: return StepResult(status: "success", outputs: outputs, errorMessage: "")
        case .cancelled: return StepResult(status: "cancelled", outputs: outputs, errorMessage: "cancelled")
        default:
            if Task.isCancelled { return StepResult(status: "cancelled", outputs: outputs, errorMessage: "cancelled") }
            return StepResult(status: "failure", outputs: outputs, errorMessage: outcome.error)
        }
    }

    /// `success()`, `failure()`, `always()`, `cancelled()` as seen by one step.
    struct StatusFunctions {
        let failed: Bool
        let cancelled: Bool

        var functions: [String: @Sendable ([JSONValue]) -> JSONValue] {
            let failed = self.failed, cancelled = self.cancelled
            return [
                "success": { _ in .bool(!failed && !cancelled) },
                "failure": { _ in .bool(failed) },
                "always": { _ in .bool(true) },
                "cancelled": { _ in .bool(cancelled) },
            ]
        }
    }

    /// `if:` absent means `success()`; a bare expression or one `${{ … }}` wrapper is accepted.
    static func condition(_ value: JSONValue, _ base: [String: JSONValue], _ status: StatusFunctions) throws -> Bool {
        var source: String
        switch value {
        case .null: source = "success()"
        case .bool(let b): return b && !status.cancelled
        default: source = text(value).trimmingCharacters(in: .whitespaces)
        }
        if source.hasPrefix("${{"), source.hasSuffix("}}") { source = String(source.dropFirst(3).dropLast(2)) }
        if source.trimmingCharacters(in: .whitespaces).isEmpty { source = "success()" }
        // As in GitHub Actions: a condition that names no status function implies `success() && …`.
        let usesStatus = ["success(", "failure(", "always(", "cancelled("].contains { source.contains($0) }
        let result = try Expression.evaluate(source, .object(base), functions: status.functions).isTruthy
        return usesStatus ? result : result && !status.failed && !status.cancelled
    }

    /// Replace each `${{ expr }}` with its value.
    static func render(_ text: String, _ base: [String: JSONValue], _ status: StatusFunctions) throws -> String {
        try substitute(text, base, status) { _, value in Self.text(value) }
    }

    /// A `run:` script with every `${{ expr }}` as a quoted reference to an exported variable that
    /// holds its value (`ShellScriptRenderer`): commit messages, branch names and inputs reach the
    /// shell as data, never as code. Returns the script and the variables to export.
    static func renderScript(_ script: String, _ base: [String: JSONValue], _ status: StatusFunctions) throws
        -> (script: String, environment: [String: String])
    {
        var values: [String: String] = [:]
        let placeheld = try substitute(script, base, status) { index, value in
            let key = "pipeline-expression.\(index)"
            values[key] = Self.text(value)
            return "{{.\(key)}}"
        }
        guard !values.isEmpty else { return (script, [:]) }
        let rendered = ShellScriptRenderer(knownKeys: Set(values.keys), keepsUnknown: true).render(placeheld)
        var environment: [String: String] = [:]
        for key in rendered.used { environment[ShellScriptRenderer.environmentName(for: key)] = values[key] }
        return (rendered.script, environment)
    }

    /// `text` with each `${{ expr }}` replaced by `replacement(n, value)` (n counts from 1).
    private static func substitute(
        _ text: String, _ base: [String: JSONValue], _ status: StatusFunctions, _ replacement: (Int, JSONValue) -> String
    ) throws -> String {
        guard text.contains("${{") else { return text }
        var out = ""
        var rest = Substring(text)
        var count = 0
        while let open = rest.range(of: "${{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw ExpressionError.syntax("unterminated ${{")
            }
            count += 1
            out += replacement(count, try Expression.evaluate(String(rest[open.upperBound..<close.lowerBound]), .object(base), functions: status.functions))
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .array, .object:
            return (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        default: return value.string ?? ""
        }
    }
}
