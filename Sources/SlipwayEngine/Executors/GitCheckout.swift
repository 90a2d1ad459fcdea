import Foundation
import SlipwayCore

/// The `git` step: clone each repository into the workspace at a branch, tag, commit or PR.
/// The clone runs where the job runs but outside its image (the server's sandbox, or the agent's
/// executor), so an image need not carry git.
struct GitCheckout: Sendable {
    let backend: any ExecutionBackend

    func run(repos: [GitCloneSource], context: JobContext) async -> JobOutcome {
        for repo in repos {
            guard let url = repo.cloneURL else { return JobOutcome(.failed, error: "git: repository without url/address") }
            let path = repo.directoryName
            guard !path.contains(".."), !path.hasPrefix("/") else { return JobOutcome(.failed, error: "git: invalid checkout_path \(path)") }
            let directory = context.workspace.appendingPathComponent(path).path
            let remote = repo.remoteName.isEmpty ? "origin" : repo.remoteName
            let branch = repo.branch
            let commit = repo.commitID
            let tag = repo.tag
            // Values may come from run-time parameters: none may pass for a git option or hold
            // characters a ref never has, and every positional argument follows `--`.
            for (field, value) in [("remote_name", remote), ("branch", branch), ("commit_id", commit), ("tag", tag), ("url", url)]
            where !Self.isPlainArgument(value) {
                return JobOutcome(.failed, error: "git: invalid \(field) \(value.debugDescription)")
            }
            var commands: [[String]] = [["init", "-q", "--", directory], ["-C", directory, "remote", "add", "--", remote, url]]
            let prs = repo.pullRequests
            if !commit.isEmpty {
                commands.append(["-C", directory, "fetch", "-q", "--", remote, commit])
            } else if !tag.isEmpty {
                commands.append(["-C", directory, "fetch", "-q", "--depth", "1", "--", remote, RefName.tag(tag).full])
            } else if let pr = prs.first {
                commands.append(["-C", directory, "fetch", "-q", "--", remote, "refs/pull/\(pr)/head"])
            } else {
                commands.append(["-C", directory, "fetch", "-q", "--depth", "1", "--", remote, branch.isEmpty ? "HEAD" : RefName.branch(branch).full])
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
                    let code = try await backend.run(
                        "git", arguments: arguments, environment: environment,
                        workingDirectory: context.workspace.path, context: context, placement: context.plan.placement.withoutImage)
                    if code != 0 {
                        return JobOutcome(.failed, error: "git \(arguments.filter { !$0.hasPrefix("/") }.joined(separator: " ")) exited with code \(code)")
                    }
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
}
