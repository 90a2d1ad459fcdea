import Foundation
import SlipwayCore
import Synchronization

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
            guard status == 0 else { return Self.failure(name, status: status) }
        }
        return nil
    }

    /// Why step `name` failed with exit `status`: ssh's own failure (255) and a refused password
    /// are told apart from the remote command's status.
    static func failure(_ name: String, status: Int32) -> String {
        if status == 255 { return "\(name): ssh could not connect or log in (exit 255)" }
        if status == passwordRefused { return "\(name): the host refused the password" }
        return "\(name) exited with status \(status)"
    }

    /// Run `remote` on `host` with `input` as its standard input; its exit status (255: ssh's own failure).
    func ssh(_ host: String, remote: String, input: URL, group: HostServerGroup, files: CdDeployFiles, context: JobContext) async throws -> Int32 {
        var ssh = [
            "ssh", "-F", "/dev/null", "-p", String(group.port), "-o", "StrictHostKeyChecking=accept-new", "-o",
            "UserKnownHostsFile=\(files.knownHosts.path)", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15", "-o", "LogLevel=ERROR",
            "-l", group.userName,
        ]
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "SLIPWAY_CD_INPUT": input.path, "SLIPWAY_CD_ASKPASS": files.askPass.path]
        // The key ssh logs in with: the server's copy in the job directory, or on an agent
        // machine its own, whose path the agent gives the variable it is asked for.
        var run = "key=''; "
        switch group.authMethod {
        case .publicKey:
            if let key = files.key {
                environment["SLIPWAY_CD_KEY"] = key.path
                run = "key=\"$SLIPWAY_CD_KEY\"; "
            } else {
                environment[AgentWork.sshKeyVariable] = ""
                run = "key=\"$\(AgentWork.sshKeyVariable)\"; [ -r \"$key\" ] || { echo 'this agent machine has no SSH key of its own' >&2; exit 255; }; "
            }
            ssh += ["-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]
        case .password:
            // ssh asks its askpass program, even with no terminal (jobs get none); one try, so a
            // wrong password fails at once. The password is only in that program's environment.
            ssh += [
                "-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
            ]
            environment["SSH_ASKPASS"] = files.askPass.path
            environment["SSH_ASKPASS_REQUIRE"] = "force"
            environment["DISPLAY"] = "none"
            environment["SLIPWAY_CD_PASSWORD"] = group.password
        }
        ssh += ["--", host, remote]
        // On an agent machine the files arrive without their modes: ssh wants its askpass program
        // executable. The key goes first among ssh's options (`-i`), when there is one.
        run += "chmod 700 \"$SLIPWAY_CD_ASKPASS\" 2>/dev/null; program=\"$1\"; shift; "
        run += "if [ -n \"$key\" ]; then set -- -i \"$key\" \"$@\"; fi; exec \"$program\" \"$@\" < \"$SLIPWAY_CD_INPUT\""
        var command = JobCommand(
            "/bin/sh", arguments: ["-c", run, "sh"] + ssh, environment: environment,
            workingDirectory: context.workspace.path, jobDirectory: context.jobDirectory.path, placement: context.plan.placement)
        command.logPosition = context.logPosition
        let secret = group.password
        let refused = Refusal()
        let status = try await backend.run(command, onStart: context.processStarted) { line in
            if line.hasPrefix("Permission denied") || line.contains(": Permission denied (") { refused.note() }
            await context.log("[\(host)] " + (secret.isEmpty ? line : line.replacingOccurrences(of: secret, with: "********")))
        }
        return status == 255 && group.authMethod == .password && refused.seen ? Self.passwordRefused : status
    }

    /// The status `ssh` stands for when the host refused a password group's password (ssh's own
    /// 255, told apart by its "Permission denied" line).
    static let passwordRefused: Int32 = -255

    /// Whether ssh said the login was refused.
    final class Refusal: Sendable {
        private let flag = Mutex(false)
        func note() { flag.withLock { $0 = true } }
        var seen: Bool { flag.withLock { $0 } }
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
