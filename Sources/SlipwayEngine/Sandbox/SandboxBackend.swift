import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs job processes under bubblewrap, or the launcher that takes its options on a root server
/// (`SandboxLauncher`): their own mount, PID, IPC and UTS namespaces, no
/// capabilities, only the host's system directories shown and read-only (`SandboxHostView`), a
/// private `/tmp`, the data directory (database, repositories, other workspaces, logs) absent,
/// and only the job's directory writable.
/// A root server runs jobs as an unprivileged user. The network is shared (jobs reach the
/// server and registries over it).
package struct SandboxBackend: ExecutionBackend {
    let runner: ProcessRunner
    /// The program that makes the sandbox from bubblewrap's options: bubblewrap or `slipway-sandbox`.
    package let launcher: String
    let prlimit: String
    let setpriv: String
    /// Directories replaced by an empty tmpfs, outermost first.
    let hidden: [String]
    let shared: [String]
    let limits: ProcessLimits
    /// The (uid, gid) processes switch to; nil when the server is not root.
    let user: (uid: UInt32, gid: UInt32)?
    /// A git configuration bound read-only as the job's `~/.gitconfig`.
    let gitConfig: String?
    /// `slipway-sandbox-init` when the sandbox can see it; nil runs `prlimit` and `setpriv` instead.
    let initProgram: String?
    /// How the init is reached after the layout: `["--", initProgram]`, or `["--as-init", "--"]`
    /// when the launcher runs the init's code itself; nil without one (`prlimit` and `setpriv`).
    let initInvocation: [String]?
    /// Sandboxes made ahead of their jobs (`prewarm`).
    let pool = SandboxPool()
    /// The host directories and devices jobs see.
    let view: SandboxHostView
    /// Whether the init program takes commands on its standard input (an older one installed
    /// beside a newer server does not): only then are sandboxes made ahead.
    let warmStart: Bool
    /// Whether the init program also takes a script's text with the command and writes it into
    /// the sandbox's `/tmp` (`slipway-sandbox-init --features`).
    let scriptsByText: Bool

    /// A sandbox hiding `dataDirectory`; throws when a tool is missing.
    package init(dataDirectory: URL, settings: SandboxSettings = SandboxSettings(), runner: ProcessRunner = ProcessRunner()) throws {
        guard let bubblewrap = SandboxTools.locate(settings.bubblewrap), let prlimit = SandboxTools.locate("prlimit"),
            let setpriv = SandboxTools.locate("setpriv")
        else {
            throw SandboxUnavailable(message: SandboxTools.problem(bubblewrap: settings.bubblewrap) ?? "sandbox tools missing")
        }
        self.runner = runner
        self.prlimit = prlimit
        self.setpriv = setpriv
        self.limits = settings.limits
        let root = geteuid() == 0
        self.user = root ? (settings.unprivilegedUID, settings.unprivilegedGID) : nil
        let hiddenPaths = ([dataDirectory] + settings.hiddenDirectories).map { Self.absolute($0) }
        self.hidden = Array(Set(hiddenPaths.map { root ? Self.outermostClosedAncestor(of: $0) ?? $0 : $0 }))
            .sorted { $0.count < $1.count }
        self.shared = settings.sharedDirectories.map { Self.absolute($0) }
        self.gitConfig = Self.writeGitConfig(in: dataDirectory.appendingPathComponent("sandbox"))
        // Job directories under /dev (a data directory in /dev/shm) need bubblewrap's own /dev to be bound into.
        let underDevices = ([Self.absolute(dataDirectory)] + shared).contains { $0 == "/dev" || $0.hasPrefix("/dev/") }
        self.view = SandboxHostView(
            paths: settings.hostPaths, deviceDirectory: dataDirectory.appendingPathComponent("sandbox/dev"), makeDevices: root && !underDevices)
        let launcher = SandboxLauncher.choose(settings, bubblewrap: bubblewrap, root: root, devicesBound: view.devices != nil)
        self.launcher = launcher.path
        // A sandbox with an init, made by a launcher that has the init's code, runs no init program.
        let embedded = settings.initProgram != nil && launcher.features.contains("as-init")
        let covered = ["/tmp"] + hidden
        self.initProgram = settings.initProgram.map { Self.absolute(URL(fileURLWithPath: $0)) }.flatMap { path in
            embedded || covered.contains { path == $0 || path.hasPrefix($0 + "/") } ? nil : path
        }
        self.initInvocation = embedded ? ["--as-init", "--"] : initProgram.map { ["--", $0] }
        if embedded {
            self.warmStart = launcher.features.contains("command-stdin")
            self.scriptsByText = warmStart && launcher.features.contains("script")
        } else {
            self.warmStart = initProgram.map(Self.takesCommandsOnStandardInput) ?? false
            self.scriptsByText = warmStart && (initProgram.map { Self.features(of: $0).contains("script") } ?? false)
        }
        // A command written to a sandbox that has just ended must fail with EPIPE, not end the server.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Everything in a sandbox runs as the one job user, so git's check that a repository belongs
    /// to the current user (`safe.directory`) only gets in the way of local clones there.
    static func writeGitConfig(in directory: URL) -> String? {
        let file = directory.appendingPathComponent("gitconfig")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try "[safe]\n\tdirectory = *\n".write(to: file, atomically: true, encoding: .utf8)
            return file.path
        } catch {
            return nil
        }
    }

    /// A path with symlinks resolved, so the mount covers what the server really uses.
    static func absolute(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The outermost ancestor of `path` others may not traverse: hidden instead of `path`, since
    /// the unprivileged job user could not reach anything mounted below it anyway.
    static func outermostClosedAncestor(of path: String) -> String? {
        var current = ""
        for component in path.split(separator: "/").dropLast() {
            current += "/\(component)"
            var info = stat()
            if stat(current, &info) == 0, info.st_mode & S_IXOTH == 0 { return current }
        }
        return nil
    }

    /// The launcher's command line (bubblewrap's options) for `command`.
    package func arguments(for command: JobCommand) -> [String] {
        var arguments = layout(jobDirectory: command.jobDirectory, workingDirectory: command.workingDirectory)
        if let initInvocation {
            arguments += initInvocation + limits.initOptions
            if let user { arguments += ["--user", "\(user.uid):\(user.gid)"] }
            return arguments + ["--", command.executable] + command.arguments
        }
        arguments += ["--", prlimit] + limits.prlimitOptions + ["--"]
        if let user {
            arguments += [
                setpriv, "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--",
            ]
        }
        return arguments + [command.executable] + command.arguments
    }

    /// bubblewrap's options up to the program it runs: the mounts, namespaces and capabilities.
    func layout(jobDirectory: String, workingDirectory: String) -> [String] {
        var arguments = view.arguments + ["--perms", "1777", "--tmpfs", "/tmp"]
        if let gitConfig { arguments += ["--ro-bind", gitConfig, "/tmp/.gitconfig"] }
        for path in hidden where view.shows(path) { arguments += ["--tmpfs", path] }
        if let initProgram, !view.shows(initProgram) { arguments += ["--ro-bind", initProgram, initProgram] }
        for path in shared + [jobDirectory] {
            for directory in directoriesToCreate(above: path) { arguments += ["--perms", "0755", "--dir", directory] }
            arguments += ["--bind", path, path]
        }
        arguments += [
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "slipway-job", "--die-with-parent",
            "--chdir", workingDirectory,
        ]
        // As root, bubblewrap keeps the capabilities needed to switch user; the next step then drops them all.
        if user == nil { arguments += ["--cap-drop", "ALL"] }
        return arguments
    }

    /// The ancestors of `path` inside an empty tmpfs (`/tmp`, a hidden directory, or the root
    /// outside the host view), which must exist, traversable, before `path` is bound there
    /// (bubblewrap would make them owner-only).
    func directoriesToCreate(above path: String) -> [String] {
        let roots = ["/tmp"] + hidden.filter { view.shows($0) }
        let inner = roots.filter { path.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        guard let root = inner ?? (view.shows(path) ? nil : "") else { return [] }
        var directories: [String] = []
        var current = root
        for component in path.dropFirst(root.count).split(separator: "/").dropLast() {
            current += "/\(component)"
            directories.append(current)
        }
        return directories
    }

    /// The environment inside: `HOME` and `TMPDIR` point at the private `/tmp`. Variables the
    /// dynamic loader or the C library act on (`LD_PRELOAD`, …) never reach bubblewrap, which
    /// runs with the server's privileges: the init program gets them under `deferredPrefix` and
    /// restores them once the job's user is in place; without it they are dropped.
    func environment(for command: JobCommand) -> [String: String] {
        var environment: [String: String] = [:]
        for (key, value) in command.environment {
            if Self.isLoaderVariable(key) {
                if initInvocation != nil { environment[Self.deferredPrefix + key] = value }
            } else {
                environment[key] = value
            }
        }
        setIdentity(in: &environment)
        return environment
    }

    /// `HOME` and `TMPDIR` point at the private `/tmp`; a root server's jobs are `nobody`.
    func setIdentity(in environment: inout [String: String]) {
        environment["HOME"] = "/tmp"
        environment["TMPDIR"] = "/tmp"
        if user != nil {
            environment["USER"] = "nobody"
            environment["LOGNAME"] = "nobody"
        }
    }

    /// How `slipway-sandbox-init` receives the variables it restores.
    static let deferredPrefix = "SLIPWAY_SANDBOX_ENV_"

    /// Whether glibc's loader or library would act on `name` in a privileged process (glibc's
    /// own list of variables it ignores for setuid programs, plus every `LD_` and `MALLOC_` name).
    static func isLoaderVariable(_ name: String) -> Bool {
        name.hasPrefix("LD_") || name.hasPrefix("MALLOC_") || loaderVariables.contains(name)
    }

    static let loaderVariables: Set<String> = [
        "GLIBC_TUNABLES", "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "NLSPATH",
        "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR",
    ]

    /// A root server hands the job directory to the unprivileged job user.
    package func prepare(jobDirectory: URL) throws {
        guard let user else { return }
        do { try JobFiles.handOver(jobDirectory.path, uid: user.uid, gid: user.gid) } catch {
            throw SandboxUnavailable(message: "cannot hand \(jobDirectory.path) to uid \(user.uid): \(error)")
        }
    }

    /// Runs `command` in a sandbox. It reports no process (`onStart` is not called): every
    /// sandbox dies with the server (its launcher has the parent-death signal, and the PID
    /// namespace ends with its first process), so after a crash there is no process group left
    /// to stop, and a recorded number could by then name an unrelated group. Not reporting one
    /// also spares each job the journal write of it.
    package func run(
        _ command: JobCommand, onStart _: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        let onStart: @Sendable (Int32) async -> Void = { _ in }
        try prepare(jobDirectory: URL(fileURLWithPath: command.jobDirectory))
        if let script = command.script {
            return try await run(command, script: script, onStart: onStart, onLine: onLine)
        }
        if let warm = pool.claim(command.jobDirectory) {
            let input = WarmSandbox.encode(
                directory: command.workingDirectory, arguments: [command.executable] + command.arguments,
                environment: warmEnvironment(for: command))
            if let code = try await warm.run(input, onStart: onStart, onLine: onLine) { return code }
        }
        return try await runner.run(
            launcher, arguments: arguments(for: command), environment: environment(for: command),
            workingDirectory: command.jobDirectory, onStart: onStart, onLine: onLine)
    }
}

/// The sandbox cannot run here; `message` says what is missing and how to fix it.
package struct SandboxUnavailable: Error, CustomStringConvertible {
    package let message: String

    package init(message: String) {
        self.message = message
    }

    package var description: String { message }
}
