import Foundation
import SlipwayCore

extension AgentWorker {
    /// Run one leased command in the agent's copy of its job directory and report how it ended.
    func execute(_ work: AgentWork) async {
        let client = self.client
        let lease = work.lease
        let uplink = LogUplink(retryable: { error in !((error as? AgentClient.Refused).map { $0.status < 500 } ?? false) }) { batch in
            _ = try await client.logs(lease: lease, batch)
        }
        var exitCode: Int32?
        var problem: String?
        var local: URL?
        do {
            let directory = try await layOut(work)
            local = directory
            var command = Self.localCommand(work, in: directory)
            let lent = directory.appendingPathComponent(AgentWork.sshKeyDirectory, isDirectory: true).appendingPathComponent(lease)
            if command.environment[AgentWork.sshKeyVariable] != nil {
                command.environment[AgentWork.sshKeyVariable] = try lendSSHKey(into: lent, of: directory)
            }
            defer { try? FileManager.default.removeItem(at: lent) }
            if work.executable == AgentWork.uploadExecutable {
                exitCode = try await upload(command, lease: lease, in: directory, log: { line in await uplink.append(line) })
            } else {
                exitCode = try await backend.run(command, onStart: { _ in }, onLine: { line in await uplink.append(line) })
            }
        } catch is CancellationError {
            problem = "cancelled"
        } catch {
            problem = "\(error)"
            await uplink.append("agent \(welcome?.name ?? ""): \(error)")
        }
        await uplink.flush()
        let files = local.map { AgentJobFiles.collect($0, outputs: true) } ?? []
        let finish = AgentFinish(exitCode: exitCode, error: problem, batches: await uplink.batches, files: files)
        await report(finish, lease: lease, uplink: uplink)
        say("lease \(lease): \(exitCode.map { "exited with code \($0)" } ?? problem ?? "ended")")
        ended(lease)
    }

    /// Send the finish until the server takes it, or refuses it for good.
    func report(_ finish: AgentFinish, lease: String, uplink: LogUplink) async {
        for attempt in 0..<600 {
            do {
                _ = try await client.finish(lease: lease, finish)
                return
            } catch let refused as AgentClient.Refused where refused.status == 409 && !refused.needsConnect {
                await uplink.flush()
            } catch let refused as AgentClient.Refused where refused.status < 500 {
                say("lease \(lease): the server refused the result: \(refused)")
                return
            } catch {
                if attempt % 20 == 0 { say("lease \(lease): could not report the result yet: \(error)") }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The agent's directory for the work's job, with the files the server sent written into it
    /// (and, the first time, the server's workspace when it holds a checkout).
    func layOut(_ work: AgentWork) async throws -> URL {
        guard !work.job.isEmpty, !work.job.contains("/"), !work.job.hasPrefix(".") else {
            throw AgentProtocolError("invalid job key \(work.job.debugDescription)")
        }
        let directory = jobDirectory(work.job)
        let files = FileManager.default
        for sub in ["workspace", "outputs"] {
            try files.createDirectory(at: directory.appendingPathComponent(sub, isDirectory: true), withIntermediateDirectories: true)
        }
        if let problem = AgentJobFiles.accept(work.files, into: directory) { throw AgentProtocolError(problem) }
        let workspace = directory.appendingPathComponent("workspace", isDirectory: true)
        let named = (work.workspaceFiles ?? []).filter { !$0.path.contains("/") }
        if let problem = AgentJobFiles.accept(named, into: workspace) { throw AgentProtocolError(problem) }
        if !preparedJobs.contains(work.job) {
            if work.fetchWorkspace == true {
                let tar = try await client.workspace(lease: work.lease)
                try await AgentJobFiles.unpackWorkspace(Data(tar.readableBytesView), into: workspace)
            }
            try backend.prepare(jobDirectory: directory)
            preparedJobs.insert(work.job)
        }
        return directory
    }

    /// The command with the server's job directory replaced by the agent's copy, and the
    /// machine-specific variables (PATH, HOME, …) the agent's own.
    static func localCommand(_ work: AgentWork, in directory: URL) -> JobCommand {
        let remote = work.jobDirectory.hasSuffix("/") ? String(work.jobDirectory.dropLast()) : work.jobDirectory
        let here = directory.path
        func map(_ text: String) -> String {
            text.replacingOccurrences(of: remote, with: here)
        }
        var environment = work.environment.mapValues(map)
        for key in WorkflowTask.inheritedNames { environment[key] = WorkflowTask.inheritedEnvironment[key] }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return JobCommand(
            map(work.executable), arguments: work.arguments.map(map), environment: environment, workingDirectory: map(work.workingDirectory),
            jobDirectory: here, placement: JobPlacement(image: work.image))
    }
}

extension AgentWork {
    /// A command that names this variable (with any value) logs in over SSH with the agent
    /// machine's own key: the agent sets it to the path of its key. The server never sends a key.
    package static let sshKeyVariable = "SLIPWAY_AGENT_SSH_KEY"
    /// Where in its copy of the job directory the agent lends its key to such a command (a
    /// directory: the files sent back to the server are the top-level ones and `outputs/`).
    static let sshKeyDirectory = ".slipway-ssh"
}

extension AgentWorker {
    /// A copy of the machine's SSH key in `folder` (one per lease: hosts of a batch log in at
    /// once) of the job directory, where a sandboxed command sees it, removed when the command
    /// ends; its path, or empty when the machine has no key.
    func lendSSHKey(into folder: URL, of directory: URL) throws -> String {
        let source = sshIdentity.privateKey
        guard FileManager.default.fileExists(atPath: source.path) else { return "" }
        guard !folder.lastPathComponent.hasPrefix("."), JobFiles.isConfined(folder, to: directory) else {
            throw AgentProtocolError("the job directory is not usable")
        }
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = folder.appendingPathComponent("id_ed25519")
        try FileManager.default.copyItem(at: source, to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        return key.path
    }
}
