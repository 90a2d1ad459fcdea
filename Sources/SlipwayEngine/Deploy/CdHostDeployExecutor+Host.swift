import Foundation
import SlipwayCore

extension CdHostDeployExecutor {
    /// One host: its pre-scripts, the artifacts uploaded into the release directory, its
    /// post-scripts. Returns why it failed, or nil.
    func deploy(to host: String, plan: CdHostDeployPlan, group: HostServerGroup, files: CdDeployFiles, context: JobContext) async -> String? {
        let steps =
            files.preScripts.enumerated().map { ("pre-script \($0.offset + 1)", "sh -s", $0.element, plan.stage.preScripts[$0.offset].timeoutSeconds) }
            + files.artifacts.map {
                ("upload \($0.name)", "mkdir -p \(files.releaseDirectory) && cat > \(files.releaseDirectory)/\($0.name)", $0.file, 600)
            }
            + files.postScripts.enumerated().map {
                ("post-script \($0.offset + 1)", "sh -s", $0.element, plan.stage.postScripts[$0.offset].timeoutSeconds)
            }
        for (name, remote, input, seconds) in steps {
            await context.log("[\(host)] \(name)")
            let status: Int32?
            do {
                status = try await withDeadline(seconds) {
                    try await ssh(host, remote: remote, input: input, group: group, files: files, context: context)
                }
            } catch {
                return Task.isCancelled ? "cancelled" : "\(name): \(error)"
            }
            guard let status else { return "\(name) timed out after \(seconds) s" }
            guard status == 0 else {
                return status == 255 ? "\(name): ssh could not connect or log in (exit 255)" : "\(name) exited with status \(status)"
            }
        }
        return nil
    }

    /// Run `remote` on `host` with `input` as its standard input; its exit status (255: ssh's own failure).
    func ssh(_ host: String, remote: String, input: URL, group: HostServerGroup, files: CdDeployFiles, context: JobContext) async throws -> Int32 {
        var ssh = [
            "ssh", "-F", "/dev/null", "-p", String(group.port), "-o", "StrictHostKeyChecking=accept-new", "-o",
            "UserKnownHostsFile=\(files.knownHosts.path)", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15", "-o", "LogLevel=ERROR",
            "-l", group.userName,
        ]
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "SLIPWAY_CD_INPUT": input.path]
        switch group.authMethod {
        case .publicKey:
            ssh += ["-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", files.key.path]
        case .password:
            // sshpass reads the password from SSHPASS: it never appears on a command line.
            ssh = ["sshpass", "-e"] + ssh + ["-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "PubkeyAuthentication=no"]
            environment["SSHPASS"] = group.password
        }
        ssh += ["--", host, remote]
        let command = JobCommand(
            "/bin/sh", arguments: ["-c", "exec \"$@\" < \"$SLIPWAY_CD_INPUT\"", "sh"] + ssh, environment: environment,
            workingDirectory: context.workspace.path, jobDirectory: context.jobDirectory.path)
        let secret = group.password
        return try await backend.run(command, onStart: context.processStarted) { line in
            await context.log("[\(host)] " + (secret.isEmpty ? line : line.replacingOccurrences(of: secret, with: "********")))
        }
    }

    /// `body`'s result, or nil when it ran longer than `seconds` (it is then stopped).
    func withDeadline(_ seconds: Int, _ body: @escaping @Sendable () async throws -> Int32) async throws -> Int32? {
        try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
