import Foundation
import SlipwayCore

/// `freestyle` jobs: steps (`tools`, `git`, `shell`, `archive`) run one after another in one
/// workspace; after the first failure the rest are skipped. Also accepts the newer layout
/// (`repos` + `script` at the top of the spec).
public struct FreestyleExecutor: JobExecutor {
    let backend: any ExecutionBackend

    public init(backend: any ExecutionBackend = HostBackend()) {
        self.backend = backend
    }

    public func run(_ context: JobContext) async -> JobOutcome {
        for step in Self.steps(of: context.spec) {
            if Task.isCancelled { return JobOutcome(.cancelled) }
            let name = step["name"].string ?? step["type"].string ?? "step"
            let type = step["type"].string ?? ""
            await context.log("=== step \(name) (\(type)) ===")
            let outcome: JobOutcome
            switch type {
            case "shell":
                outcome = await ShellScript(backend: backend).run(step["spec"]["script"].string ?? "", context: context)
            case "git":
                outcome = await GitCheckout(backend: backend).run(repos: step["spec"]["repos"].array, context: context)
            case "tools":
                for tool in step["spec"]["installs"].array {
                    await context.log("tool \(tool["name"].string ?? "?") \(tool["version"].string ?? ""): using the host's installation")
                }
                outcome = .passed
            case "archive":
                outcome = await Archive.run(step["spec"], context: context)
            default:
                outcome = JobOutcome(.failed, error: "step \(name): unsupported step type \(type)")
            }
            if outcome.status != .passed {
                if !outcome.error.isEmpty { await context.log(outcome.error) }
                return outcome
            }
        }
        return .passed
    }

    /// The step list, from either spec layout.
    public static func steps(of spec: JSONValue) -> [JSONValue] {
        let steps = spec["steps"].array
        if !steps.isEmpty { return steps }
        var synthesized: [JSONValue] = []
        if !spec["repos"].array.isEmpty {
            synthesized.append(.object(["name": .string("git"), "type": .string("git"), "spec": .object(["repos": spec["repos"]])]))
        }
        if let script = spec["script"].string, !script.isEmpty {
            synthesized.append(.object(["name": .string("shell"), "type": .string("shell"), "spec": .object(["script": .string(script)])]))
        }
        return synthesized
    }

    /// Environment variables a freestyle job declares (`properties.envs` or `envs`), rendered.
    public static func envs(of spec: JSONValue) -> [(key: String, value: String, isCredential: Bool)] {
        let list = spec["properties"]["envs"].array + spec["envs"].array
        return list.compactMap { env in
            guard let key = env["key"].string, !key.isEmpty else { return nil }
            return (key, env["value"].string ?? "", env["is_credential"].bool ?? false)
        }
    }

    /// Job timeout in minutes (`properties.timeout` or `advanced_setting.timeout`); nil when unset.
    public static func timeoutMinutes(of spec: JSONValue) -> Int? {
        let minutes = spec["properties"]["timeout"].int ?? spec["advanced_setting"]["timeout"].int
        return minutes.flatMap { $0 > 0 ? $0 : nil }
    }
}

/// The `git` step: clone each repository into the workspace at a branch, tag, commit or PR.
struct GitCheckout: Sendable {
    let backend: any ExecutionBackend

    func run(repos: [JSONValue], context: JobContext) async -> JobOutcome {
        for repo in repos {
            guard let url = Self.url(of: repo) else { return JobOutcome(.failed, error: "git: repository without url/address") }
            let name = repo["repo_name"].string ?? URL(string: url)?.deletingPathExtension().lastPathComponent ?? "repo"
            let path = repo["checkout_path"].string.flatMap { $0.isEmpty ? nil : $0 } ?? name
            guard !path.contains(".."), !path.hasPrefix("/") else { return JobOutcome(.failed, error: "git: invalid checkout_path \(path)") }
            let directory = context.workspace.appendingPathComponent(path).path
            let remote = repo["remote_name"].string.flatMap { $0.isEmpty ? nil : $0 } ?? "origin"
            let branch = repo["branch"].string ?? ""
            let commit = repo["commit_id"].string ?? ""
            let tag = repo["tag"].string ?? ""
            // Values may come from run-time parameters: none may pass for a git option or hold
            // characters a ref never has, and every positional argument follows `--`.
            for (field, value) in [("remote_name", remote), ("branch", branch), ("commit_id", commit), ("tag", tag), ("url", url)]
            where !Self.isPlainArgument(value) {
                return JobOutcome(.failed, error: "git: invalid \(field) \(value.debugDescription)")
            }
            var commands: [[String]] = [["init", "-q", "--", directory], ["-C", directory, "remote", "add", "--", remote, url]]
            let prs = repo["prs"].array.compactMap(\.int) + [repo["pr"].int].compactMap { $0 }.filter { $0 > 0 }
            if !commit.isEmpty {
                commands.append(["-C", directory, "fetch", "-q", "--", remote, commit])
            } else if !tag.isEmpty {
                commands.append(["-C", directory, "fetch", "-q", "--depth", "1", "--", remote, "refs/tags/\(tag)"])
            } else if let pr = prs.first {
                commands.append(["-C", directory, "fetch", "-q", "--", remote, "refs/pull/\(pr)/head"])
            } else {
                commands.append(["-C", directory, "fetch", "-q", "--depth", "1", "--", remote, branch.isEmpty ? "HEAD" : "refs/heads/\(branch)"])
            }
            commands.append(["-C", directory, "checkout", "-q", "FETCH_HEAD", "--"])
            if !branch.isEmpty && commit.isEmpty && tag.isEmpty && prs.isEmpty {
                commands.append(["-C", directory, "checkout", "-q", "-B", branch, "FETCH_HEAD", "--"])
            }
            await context.log("git: cloning \(url) into \(path)")
            for arguments in commands {
                do {
                    // No `ext::` or other command-running transports, whatever the URL says.
                    let environment = context.environment.merging(["GIT_ALLOW_PROTOCOL": "file:git:http:https:ssh"]) { $1 }
                    let code = try await backend.run("git", arguments: arguments, environment: environment,
                                                     workingDirectory: context.workspace.path, context: context)
                    if code != 0 { return JobOutcome(.failed, error: "git \(arguments.filter { !$0.hasPrefix("/") }.joined(separator: " ")) exited with code \(code)") }
                } catch is CancellationError {
                    return JobOutcome(.cancelled)
                } catch {
                    return JobOutcome(.failed, error: "git: \(error)")
                }
            }
        }
        return .passed
    }

    /// Not empty-or-option: no leading `-`, no whitespace or control characters.
    static func isPlainArgument(_ value: String) -> Bool {
        !value.hasPrefix("-") && !value.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// A clone URL: `url`/`clone_url`, or `address` + namespace + name (Zadig's codehost form).
    static func url(of repo: JSONValue) -> String? {
        for key in ["url", "clone_url", "repo_url"] {
            if let url = repo[key].string, !url.isEmpty { return url }
        }
        guard let address = repo["address"].string, !address.isEmpty, let name = repo["repo_name"].string else { return nil }
        let namespace = repo["repo_namespace"].string.flatMap { $0.isEmpty ? nil : $0 } ?? repo["repo_owner"].string ?? ""
        let base = address.hasSuffix("/") ? String(address.dropLast()) : address
        return namespace.isEmpty ? "\(base)/\(name).git" : "\(base)/\(namespace)/\(name).git"
    }
}

/// The `archive` step: copy workspace files into the task's artifacts.
enum Archive {
    static func run(_ spec: JSONValue, context: JobContext) async -> JobOutcome {
        let items = spec["upload_detail"].array + spec["files"].array
        for item in items {
            let source = item["file_path"].string ?? item.string ?? ""
            let destination = item["dest_dir"].string ?? ""
            guard !source.isEmpty, !source.contains(".."), !destination.contains("..") else {
                return JobOutcome(.failed, error: "archive: invalid path \(source)")
            }
            let from = context.workspace.appendingPathComponent(source)
            guard JobFiles.isConfined(from, to: context.jobDirectory), JobFiles.symbolicLink(inTree: from) == nil else {
                return JobOutcome(.failed, error: "archive: \(source) is or contains a symbolic link")
            }
            let toDirectory = context.artifactsDirectory.appendingPathComponent(destination)
            do {
                try FileManager.default.createDirectory(at: toDirectory, withIntermediateDirectories: true)
                let to = toDirectory.appendingPathComponent(from.lastPathComponent)
                try? FileManager.default.removeItem(at: to)
                try FileManager.default.copyItem(at: from, to: to)
                await context.log("archive: kept \(source)")
            } catch {
                return JobOutcome(.failed, error: "archive: \(source): \(error.localizedDescription)")
            }
        }
        return .passed
    }
}
