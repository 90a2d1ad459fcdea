import Foundation
import SlipwayCore

/// What a deployment's `ssh` runs with, written at the top of the job directory (the only place
/// its sandbox sees, and what travels to the agent machine a rollout runs from): for a rollout
/// from this server a copy of the server's key (a rollout from an agent machine logs in with that
/// machine's own key: the server's never leaves it), the kept host keys, each script with its
/// header, and each artifact, every name starting with `cd-`. The header exports the trigger's
/// parameters as single-quoted values (data, never script text) and enters the release directory
/// `~/.slipway-cd/<server group>`.
struct CdDeployFiles: Sendable {
    let directory: URL
    /// The server's key, for a rollout from this server; nil from an agent machine.
    let key: URL?
    /// The program `ssh` asks for a password group's password: it prints `SLIPWAY_CD_PASSWORD`
    /// from its environment, so the password is in no file and on no command line.
    let askPass: URL
    let knownHosts: URL
    let preScripts: [URL]
    let postScripts: [URL]
    let artifacts: [(name: String, file: URL)]
    /// The release directory on each host, relative to the login's home.
    let releaseDirectory: String

    static func make(plan: CdHostDeployPlan, group: HostServerGroup, identity: CdSSHIdentity, in jobDirectory: URL) async throws -> CdDeployFiles {
        let directory = jobDirectory
        let manager = FileManager.default
        let key = directory.appendingPathComponent("cd-key")
        let knownHosts = directory.appendingPathComponent("cd-known_hosts")
        let askPass = directory.appendingPathComponent("cd-askpass")
        if group.authMethod == .password {
            try Data("#!/bin/sh\nprintf '%s\\n' \"$SLIPWAY_CD_PASSWORD\"\n".utf8).write(to: askPass)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: askPass.path)
        }
        try? manager.removeItem(at: key)
        let fromServer = plan.agentID == 0 && group.authMethod == .publicKey
        if fromServer {
            try await identity.publicKey()
            try manager.copyItem(at: identity.privateKey, to: key)
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        }
        let kept = (try? Data(contentsOf: identity.knownHosts)) ?? Data()
        try kept.write(to: knownHosts)
        let release = ".slipway-cd/\(plan.serverGroupName)"
        let header = Self.header(plan: plan, release: release)
        func write(_ scripts: [CdHostDeployStage.Script], _ prefix: String) throws -> [URL] {
            try scripts.enumerated().map { index, script in
                let file = directory.appendingPathComponent("cd-\(prefix)-\(index).sh")
                try Data((header + script.content + "\n").utf8).write(to: file)
                return file
            }
        }
        let artifacts = try plan.stage.artifacts.map { artifact in
            let file = directory.appendingPathComponent("cd-artifact-" + artifact.name)
            try artifact.content.write(to: file)
            return (artifact.name, file)
        }
        return CdDeployFiles(
            directory: directory, key: fromServer ? key : nil, askPass: askPass, knownHosts: knownHosts, preScripts: try write(plan.stage.preScripts, "pre"),
            postScripts: try write(plan.stage.postScripts, "post"), artifacts: artifacts, releaseDirectory: release)
    }

    /// Exports and the release directory; every name is checked, every value single-quoted.
    static func header(plan: CdHostDeployPlan, release: String) -> String {
        var lines = [
            "mkdir -p \"$HOME/\(release)\" && cd \"$HOME/\(release)\" || exit 97",
            "export DEPLOY_DIR=\"$PWD\" SERVER_GROUP=\(quoted(plan.serverGroupName)) RELEASE_NAME=\(quoted(plan.stage.releaseName))",
        ]
        for (name, value) in plan.parameters.sorted(by: { $0.key < $1.key }) { lines.append("export \(name)=\(quoted(value))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why the artifacts cannot travel to an agent machine (its job files are small), or nil.
    static func agentProblem(_ plan: CdHostDeployPlan) -> String? {
        let sizes = plan.stage.artifacts.map(\.content.count)
        let room = AgentJobFiles.maxTotalSize - 512 * 1024
        guard sizes.allSatisfy({ $0 <= AgentJobFiles.maxFileSize }), sizes.reduce(0, +) <= room else {
            return "artifacts deployed from an agent machine are at most \(AgentJobFiles.maxFileSize) bytes each and \(room) bytes in all"
        }
        return nil
    }

    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
