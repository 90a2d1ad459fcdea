import Foundation
import SlipwayCore

/// The server-side checkout of a repository on this server's disk (a hosted depot, or the mirror
/// of an external repository) into a job's workspace, done outside the sandbox before any step
/// runs: sandboxed steps never see the repositories directory.
struct HostedCheckout: Sendable {
    /// Where hosted repositories (`<team>/<project>/<depot>.git`) and mirrors (`.slipway/mirrors`) live.
    let repositoriesDirectory: URL
    /// The project that holds applications of external repositories (their mirrors).
    var externalProject = "serverless-devs"

    /// A path (or `file://` URL) on this server's disk, as opposed to a network URL.
    static func isLocal(_ url: String) -> Bool {
        url.hasPrefix("/") || url.hasPrefix("file://")
    }

    /// Whether a job of `projectKey` may check out the local repository at `url`: one of its own
    /// project's depots, or (for the external-repositories project) a mirror.
    func allows(_ url: String, projectKey: String) -> Bool {
        let path = url.hasPrefix("file://") ? String(url.dropFirst(7)) : url
        let root = SandboxBackend.absolute(repositoriesDirectory)
        let target = SandboxBackend.absolute(URL(fileURLWithPath: path))
        guard target.hasPrefix(root + "/") else { return false }
        let parts = target.dropFirst(root.count + 1).split(separator: "/").map(String.init)
        if parts.count >= 3, parts[0] == ".slipway", parts[1] == "mirrors" { return projectKey == externalProject }
        return parts.count >= 3 && !parts[0].hasPrefix(".") && parts[1] == projectKey
    }

    /// Check out `commit` of the local repository `url` into `<workspace>/<name>` as the server.
    /// Git runs with a minimal environment, in a workspace recreated first (nothing of an earlier
    /// attempt of the job is trusted).
    func run(url: String, commit: String, name: String, context: JobContext) async -> JobOutcome {
        guard allows(url, projectKey: context.projectKey) else {
            return JobOutcome(.failed, error: "pipeline: the repository is not one of project \(context.projectKey)'s")
        }
        do {
            try? FileManager.default.removeItem(at: context.workspace)
            try FileManager.default.createDirectory(at: context.workspace, withIntermediateDirectories: false)
        } catch {
            return JobOutcome(.failed, error: "pipeline: cannot prepare the workspace: \(error.localizedDescription)")
        }
        guard JobFiles.isConfined(context.workspace, to: context.jobDirectory) else {
            return JobOutcome(.failed, error: "pipeline: the workspace is not a directory of the job")
        }
        var hostContext = context
        hostContext.environment = [
            "PATH": context.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "HOME": "/",
            "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        return await GitCheckout(backend: HostBackend()).run(
            repos: [GitCloneSource(url: url, repoName: name, commitID: commit)], context: hostContext)
    }
}
