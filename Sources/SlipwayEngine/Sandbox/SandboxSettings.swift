import Foundation

/// How the bubblewrap sandbox is laid out and limited.
package struct SandboxSettings: Sendable {
    /// Directories that must not exist inside the sandbox besides the data directory (which is
    /// always hidden).
    package var hiddenDirectories: [URL]
    /// Directories bound read-write at their own path inside every sandbox. Empty in production;
    /// tests share a scratch directory through which they talk to their jobs.
    package var sharedDirectories: [URL]
    /// The user and group jobs run as when the server runs as root (`nobody` by default).
    package var unprivilegedUID: UInt32
    package var unprivilegedGID: UInt32
    /// Per-process limits applied with `prlimit` inside the sandbox.
    package var limits: ProcessLimits
    /// The bubblewrap executable: a path, or a name looked up on `PATH`.
    package var bubblewrap: String
    /// `slipway-sandbox`, which a root server runs instead of bubblewrap when the kernel has the
    /// mount API (`slipway-sandbox --features`); nil always runs bubblewrap.
    package var launcher: String?
    /// `slipway-sandbox-init`, which applies the limits and drops to the job user in one static
    /// program; nil (or a path the sandbox cannot see) falls back to util-linux `prlimit` and `setpriv`.
    package var initProgram: String?
    /// Host directories jobs see, read-only: the system's programs, libraries and `/etc` by
    /// default. nil shows the whole host file system (read-only) as before.
    package var hostPaths: [String]?

    package init(
        hiddenDirectories: [URL] = [], sharedDirectories: [URL] = [], unprivilegedUID: UInt32 = 65534,
        unprivilegedGID: UInt32 = 65534, limits: ProcessLimits = ProcessLimits(), bubblewrap: String = "bwrap",
        initProgram: String? = SandboxTools.locateInit(), launcher: String? = SandboxTools.locateBeside(SandboxTools.launcherName),
        hostPaths: [String]? = SandboxHostView.systemPaths
    ) {
        self.hostPaths = hostPaths
        self.launcher = launcher
        self.hiddenDirectories = hiddenDirectories
        self.sharedDirectories = sharedDirectories
        self.unprivilegedUID = unprivilegedUID
        self.unprivilegedGID = unprivilegedGID
        self.limits = limits
        self.bubblewrap = bubblewrap
        self.initProgram = initProgram
    }
}

/// Resource limits of a sandboxed process (rlimits, inherited by its children).
package struct ProcessLimits: Sendable, Equatable {
    /// RLIMIT_NPROC: processes of the job's user (jobs of a root server share the `nobody` user).
    package var maxProcesses: Int?
    /// RLIMIT_DATA in bytes: heap and private mappings of each process.
    package var maxMemoryBytes: Int?

    package init(maxProcesses: Int? = 4096, maxMemoryBytes: Int? = 8 << 30) {
        self.maxProcesses = maxProcesses
        self.maxMemoryBytes = maxMemoryBytes
    }

    /// `prlimit` options for these limits (core dumps are always off).
    var prlimitOptions: [String] {
        var options = ["--core=0"]
        if let maxProcesses { options.append("--nproc=\(maxProcesses)") }
        if let maxMemoryBytes { options.append("--data=\(maxMemoryBytes)") }
        return options
    }

    /// `slipway-sandbox-init` options for these limits (it always turns core dumps off).
    var initOptions: [String] {
        var options: [String] = []
        if let maxProcesses { options += ["--nproc", "\(maxProcesses)"] }
        if let maxMemoryBytes { options += ["--data", "\(maxMemoryBytes)"] }
        return options
    }
}

/// Finding executables the sandbox needs on the host.
package enum SandboxTools {
    /// The tools the sandbox runs: bubblewrap, and util-linux's `prlimit` and `setpriv`.
    package static let required = ["prlimit", "setpriv"]

    /// The absolute path of `name` (a path is checked as is), looked up on `PATH`.
    package static func locate(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The name of the sandbox's init program, built and installed beside `slipway`.
    package static let initName = "slipway-sandbox-init"

    /// The name of the sandbox's launcher on the mount API, built and installed beside `slipway`.
    package static let launcherName = "slipway-sandbox"

    /// `slipway-sandbox-init` beside the running executable, else on `PATH`; nil when absent.
    package static func locateInit() -> String? { locateBeside(initName) }

    /// What the builds of the launcher and the init against musl add to their names
    /// (`scripts/build-sandbox-musl`). glibc's start-up asks the CPU for its features with
    /// `cpuid`, dozens of times, and in a virtual machine each one traps to the hypervisor: 0.24 ms
    /// of a static glibc program's 0.28 ms start here, at every job. musl's start-up asks nothing.
    package static let muslSuffix = "-musl"

    /// The executable `name` beside the running one, else on `PATH`; nil when absent. Its musl
    /// build comes first where there is one, unless the other build beside it is newer (its
    /// sources changed since: `swift build` relinks only its own).
    package static func locateBeside(_ name: String) -> String? {
        builds(of: name).first ?? locate(name + muslSuffix) ?? locate(name)
    }

    /// The builds of `name` in `directory` (by default the running executable's), the one
    /// `locateBeside` takes first.
    package static func builds(of name: String, in directory: URL = executableDirectory) -> [String] {
        let musl = directory.appendingPathComponent(name + muslSuffix, isDirectory: false).path
        let plain = directory.appendingPathComponent(name, isDirectory: false).path
        let present = [musl, plain].filter { FileManager.default.isExecutableFile(atPath: $0) }
        guard present.count == 2, let built = modified(musl), let relinked = modified(plain), relinked > built else { return present }
        return [plain]
    }

    package static var executableDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Why the sandbox cannot run on this machine, with how to fix it; nil when it can.
    package static func problem(bubblewrap: String = "bwrap") -> String? {
        var missing: [String] = []
        if locate(bubblewrap) == nil { missing.append(bubblewrap) }
        missing += required.filter { locate($0) == nil }
        guard !missing.isEmpty else { return nil }
        return """
            the job sandbox needs \(missing.joined(separator: ", ")), not found on PATH. \
            Install it (Debian/Ubuntu: apt-get install bubblewrap util-linux; Fedora: dnf install bubblewrap util-linux), \
            or start with --executor host (SLIPWAY_EXECUTOR=host) on a trusted single-user install, \
            where jobs run unconfined as the server's user.
            """
    }
}
