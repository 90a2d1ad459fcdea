import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the commands of jobs that ask for an image in an OCI container through podman (with
/// runc), hardened like the bubblewrap sandbox: an unprivileged user when the server is root, no
/// capabilities, `no-new-privileges`, a read-only root with a private `/tmp`, a process limit,
/// and only the job's directory mounted (at its own path, writable); the data directory is never
/// mounted. The network is shared, as in the sandbox (jobs reach the server).
///
/// Each container has a unique name and the labels of `ContainerLabel`; `--rm` removes it when it
/// ends, and cancelling the calling task (cancel, timeout) removes it at once (`podman rm -f`).
/// Containers a previous run of the server left behind are removed when the backend starts.
package struct ContainerBackend: ExecutionBackend {
    let podman: Podman
    let settings: ContainerSettings
    /// The data directory: owner label, home of the private env files; never mounted.
    let dataDirectory: URL
    /// Directories bound read-write besides the job's (tests talk to their jobs through one).
    let shared: [String]
    let limits: ProcessLimits
    /// The (uid, gid) the container's processes run as; nil when the server is not root.
    let user: (uid: UInt32, gid: UInt32)?
    let housekeeping: ContainerHousekeeping
    /// The owner label's value: this server's data directory.
    var owner: String { ContainerInvocation.labelValue(dataDirectory.path) }

    /// A backend when podman is found (removal of leftovers starts right away), else nil.
    package static func ifAvailable(
        dataDirectory: URL, settings: ContainerSettings = ContainerSettings(), sandbox: SandboxSettings = SandboxSettings(),
        runner: ProcessRunner = ProcessRunner()
    ) -> ContainerBackend? {
        try? ContainerBackend(dataDirectory: dataDirectory, settings: settings, sandbox: sandbox, runner: runner)
    }

    /// Throws when podman is not found. `sandbox` gives the job user, limits and shared directories.
    package init(
        dataDirectory: URL, settings: ContainerSettings = ContainerSettings(), sandbox: SandboxSettings = SandboxSettings(),
        runner: ProcessRunner = ProcessRunner()
    ) throws {
        guard let executable = SandboxTools.locate(settings.podman) else {
            throw ContainerUnavailable("container jobs need \(settings.podman), not found on PATH (Debian/Ubuntu: apt-get install podman runc)")
        }
        self.podman = Podman(executable: executable, runner: runner)
        self.settings = settings
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.shared = sandbox.sharedDirectories.map { $0.standardizedFileURL.resolvingSymlinksInPath().path }
        self.limits = sandbox.limits
        self.user = geteuid() == 0 ? (sandbox.unprivilegedUID, sandbox.unprivilegedGID) : nil
        self.housekeeping = ContainerHousekeeping(
            podman: podman, owner: ContainerInvocation.labelValue(self.dataDirectory.path), archives: settings.imageArchives)
        let housekeeping = self.housekeeping
        Task { await housekeeping.start() }
    }

    /// Waits until the containers an earlier run of the server left are removed (started when
    /// the backend was made).
    package func removeLeftovers() async {
        await housekeeping.ready()
    }

    /// A root server hands the job directory to the unprivileged job user.
    package func prepare(jobDirectory: URL) throws {
        guard let user else { return }
        do { try JobFiles.handOver(jobDirectory.path, uid: user.uid, gid: user.gid) } catch {
            throw ContainerUnavailable("cannot hand \(jobDirectory.path) to uid \(user.uid): \(error)")
        }
    }

    package func run(
        _ command: JobCommand, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        guard let image = command.placement.image else { throw ContainerUnavailable("the command asks for no image") }
        if let problem = ContainerImageReference.problem(image) {
            throw ContainerUnavailable("image \(String(image.prefix(80)).debugDescription): \(problem)")
        }
        await housekeeping.ready()
        await housekeeping.provide(image)
        try Task.checkCancellation()
        try prepare(jobDirectory: URL(fileURLWithPath: command.jobDirectory))
        let name = Self.containerName(task: command.environment["TASK_ID"])
        let variables = try ContainerInvocation.variables(command.environment, server: ContainerInvocation.podmanEnvironment())
        let envFile = try writeEnvFile(variables.fileLines, name: name)
        defer { if let envFile { try? FileManager.default.removeItem(atPath: envFile) } }
        let arguments = self.arguments(for: command, image: image, name: name, envOptions: variables.options, envFile: envFile)
        let podman = self.podman
        do {
            let code = try await withTaskCancellationHandler {
                try await podman.runner.run(
                    podman.executable, arguments: arguments, environment: variables.environment,
                    workingDirectory: command.jobDirectory, onStart: onStart, onLine: onLine)
            } onCancel: {
                Task.detached { await podman.remove(name) }
            }
            return code
        } catch {
            // The podman client is gone; the container may not be (it runs under conmon).
            await podman.remove(name)
            throw error
        }
    }

    /// `slipway-<task>-<random>`: unique, and readable in `podman ps`.
    static func containerName(task: String?) -> String {
        let digits = String((task ?? "").filter(\.isNumber).prefix(12))
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return "slipway-\(digits.isEmpty ? "" : digits + "-")\(random)"
    }

    /// The `podman run` arguments for `command` in `image`.
    package func arguments(for command: JobCommand, image: String, name: String, envOptions: [String], envFile: String?) -> [String] {
        var arguments: [String] = []
        if let runtime = settings.runtime { arguments += ["--runtime", runtime] }
        arguments += ["run", "--rm", "--name", name, "--pull", "missing", "--log-driver", "none"]
        let labels = [
            ContainerLabel.owner: owner, ContainerLabel.workflow: command.environment["WORKFLOW"],
            ContainerLabel.task: command.environment["TASK_ID"], ContainerLabel.job: command.environment["JOB_NAME"],
        ]
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { arguments += ["--label", "\(key)=\(ContainerInvocation.labelValue(value))"] }
        if ContainerInvocation.initHelper != nil { arguments.append("--init") }
        arguments += [
            "--network", "host", "--hostname", "slipway-job", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--read-only", "--tmpfs", "/tmp:rw,mode=1777", "--pids-limit", String(settings.pidsLimit),
            "--ulimit", "nofile=\(ContainerInvocation.ulimit(RLIMIT_NOFILE, wanted: nil))",
            "--ulimit", "nproc=\(ContainerInvocation.ulimit(__RLIMIT_NPROC, wanted: limits.maxProcesses))", "--ulimit", "core=0:0",
        ]
        // A root server's jobs run as the unprivileged user; rootless podman maps its root to the server's user.
        arguments += ["--user", user.map { "\($0.uid):\($0.gid)" } ?? "0:0"]
        for path in [command.jobDirectory] + shared { arguments += ["--volume", "\(path):\(path):rw"] }
        arguments += ["--workdir", command.workingDirectory]
        arguments += ["--env", "HOME=/tmp", "--env", "TMPDIR=/tmp"]
        if user != nil { arguments += ["--env", "USER=nobody", "--env", "LOGNAME=nobody"] }
        arguments += envOptions
        if let envFile { arguments += ["--env-file", envFile] }
        return arguments + ["--", image] + ContainerInvocation.entrypoint(command.executable, command.arguments)
    }

    /// A private file (in the data directory, never mounted) with the variables podman would read
    /// itself; nil when there are none.
    func writeEnvFile(_ lines: [String], name: String) throws -> String? {
        guard !lines.isEmpty else { return nil }
        let directory = dataDirectory.appendingPathComponent("containers")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = directory.appendingPathComponent("\(name).env").path
        guard FileManager.default.createFile(atPath: file, contents: Data((lines.joined(separator: "\n") + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ContainerUnavailable("cannot write the container's variables to \(file)") }
        return file
    }
}
