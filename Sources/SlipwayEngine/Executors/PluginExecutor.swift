import Foundation
import SlipwayCore

/// `plugin` jobs: the plugin's `cmds` + `args` with `$(inputs.X)` resolved, its `envs`, run on the host.
/// (Plugin images need a container runtime; on a plain host the command runs directly.)
public struct PluginExecutor: JobExecutor {
    let backend: any ExecutionBackend

    public init(backend: any ExecutionBackend = HostBackend()) {
        self.backend = backend
    }

    public func run(_ context: JobContext) async -> JobOutcome {
        let plugin = context.spec["plugin"].isNull ? context.spec : context.spec["plugin"]
        let inputs = Self.inputs(of: plugin)
        let render = { (text: String) in VariableRenderer.renderInputs(text, inputs: inputs) }
        let argv = (plugin["cmds"].array + plugin["args"].array).compactMap(\.string).map(render)
        guard let executable = argv.first else { return JobOutcome(.failed, error: "plugin \(plugin["name"].string ?? "") has no cmds or args") }
        var environment = context.environment
        for env in plugin["envs"].array {
            if let name = env["name"].string { environment[name] = render(env["value"].string ?? "") }
        }
        if let image = plugin["image"].string, !image.isEmpty {
            await context.log("plugin \(plugin["name"].string ?? "") \(plugin["version"].string ?? ""): running on the host (image \(image) not used)")
        }
        do {
            let code = try await backend.run(executable, arguments: Array(argv.dropFirst()), environment: environment,
                                             workingDirectory: context.workspace.path, context: context)
            return code == 0 ? .passed : JobOutcome(.failed, error: "plugin exited with code \(code)")
        } catch is CancellationError {
            return JobOutcome(.cancelled)
        } catch {
            return JobOutcome(.failed, error: "could not run plugin: \(error)")
        }
    }

    /// Input values by name: `value`, else `default`.
    static func inputs(of plugin: JSONValue) -> [String: String] {
        var values: [String: String] = [:]
        for input in plugin["inputs"].array {
            guard let name = input["name"].string else { continue }
            let value = input["value"].string ?? ""
            values[name] = value.isEmpty ? (input["default"].string ?? "") : value
        }
        return values
    }

    /// Input values marked as credentials, to mask.
    static func secretInputs(of spec: JSONValue) -> [String] {
        let plugin = spec["plugin"].isNull ? spec : spec["plugin"]
        return plugin["inputs"].array.filter { $0["is_credential"].bool == true }.compactMap { $0["value"].string }
    }
}

/// `approval` jobs: wait for a native approval decision.
public struct ApprovalExecutor: JobExecutor {
    public init() {}

    public func run(_ context: JobContext) async -> JobOutcome {
        guard let spec = ApprovalParsing.spec(fromJob: context.spec) else {
            return JobOutcome(.failed, error: "approval job needs native_approval with approve_users")
        }
        await context.log("waiting for approval by \(spec.approveUsers.map(\.userName).joined(separator: ", ")) (\(spec.neededApprovers) needed)")
        let status = await context.awaitApproval(spec)
        await context.log("approval ended: \(status.rawValue)")
        return JobOutcome(status, error: status == .reject ? "rejected" : (status == .timeout ? "approval timed out" : ""))
    }
}

/// Reading native approval settings from job and stage specs.
public enum ApprovalParsing {
    /// An approval job spec: `{type, native_approval: {approve_users, needed_approvers, timeout}, description}`.
    public static func spec(fromJob spec: JSONValue) -> ApprovalSpec? {
        native(spec["native_approval"].isNull ? spec : spec["native_approval"], description: spec["description"].string ?? "")
    }

    /// A legacy stage approval: `{enabled, type, native_approval{…}}`; nil when disabled.
    public static func spec(fromStage approval: JSONValue) -> ApprovalSpec? {
        guard approval["enabled"].bool == true else { return nil }
        return native(approval["native_approval"], description: approval["description"].string ?? "")
    }

    static func native(_ n: JSONValue, description: String) -> ApprovalSpec? {
        let users = n["approve_users"].array.compactMap { user -> ApprovalSpec.Approver? in
            guard let name = user["user_name"].string, !name.isEmpty else { return nil }
            return ApprovalSpec.Approver(userName: name, userID: user["user_id"].string ?? "")
        }
        guard !users.isEmpty else { return nil }
        let needed = n["needed_approvers"].int ?? n["NeededApprovers"].int ?? 1
        let timeout = n["timeout"].int ?? n["Timeout"].int ?? 0
        return ApprovalSpec(approveUsers: users, neededApprovers: max(needed, 1), timeoutMinutes: timeout > 0 ? timeout : 60,
                            description: description)
    }
}
