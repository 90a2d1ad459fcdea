import Foundation
import SlipwayEngine
import Testing

/// The sandbox's last step before the job's command: `slipway-sandbox-init` (or, without it,
/// util-linux `prlimit` and `setpriv`) applies the limits and leaves the job no capability, no
/// supplementary group and no way to gain privileges, as the unprivileged user when the server is root.
@Suite struct SandboxInitTests {
    static let probe = """
        grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status
        echo "uid=$(id -u) gid=$(id -g) groups=$(id -G)"
        echo "limits=$(ulimit -u)/$(ulimit -d)/$(ulimit -c)"
        """

    /// Runs the probe in a sandbox whose init program is `initProgram`, made by bubblewrap when
    /// `bubblewrap` (else by `slipway-sandbox` on a root server, which runs the init's code
    /// itself); the lines it printed.
    static func probe(initProgram: String?, bubblewrap: Bool = false) async throws -> [String] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = root.appendingPathComponent("job", isDirectory: true)
        try FileManager.default.createDirectory(at: job, withIntermediateDirectories: true)
        var settings = SandboxSettings(limits: ProcessLimits(maxProcesses: 321, maxMemoryBytes: 1 << 30), initProgram: initProgram)
        if bubblewrap { settings.launcher = nil }
        let sandbox = try SandboxBackend(dataDirectory: root.appendingPathComponent("data"), settings: settings)
        let lines = LineCollector()
        let command = JobCommand(
            "/bin/bash", arguments: ["-c", probe], environment: ["PATH": "/usr/bin:/bin"], workingDirectory: job.path, jobDirectory: job.path)
        let code = try await sandbox.run(command, onStart: { _ in }, onLine: { await lines.append($0) })
        let printed = await lines.all
        #expect(code == 0, "\(printed)")
        return printed
    }

    static func check(_ lines: [String]) {
        for set in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] {
            #expect(lines.contains("\(set):\t0000000000000000"), "\(set) is empty: \(lines)")
        }
        #expect(lines.contains("NoNewPrivs:\t1"), "\(lines)")
        #expect(lines.contains("limits=321/1048576/0"), "\(lines)")
        if getuid() == 0 {
            #expect(lines.contains("uid=65534 gid=65534 groups=65534"), "a root server runs jobs as nobody, no other group: \(lines)")
        }
    }

    @Test func theInitProgramIsBuiltBesideTheBinaryAndUsed() throws {
        let found = try #require(SandboxTools.locateInit(), "swift build builds slipway-sandbox-init beside the test binary")
        #expect(found.hasSuffix("/slipway-sandbox-init") || found.hasSuffix("/slipway-sandbox-init-musl"))
        #expect(found == Self.builds.first, "the musl build, where there is a current one, else SwiftPM's")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let command = JobCommand("/bin/true", arguments: [], environment: [:], workingDirectory: "/", jobDirectory: "/nonexistent-job")
        let underBubblewrap = try SandboxBackend(dataDirectory: data, settings: SandboxSettings(launcher: nil)).arguments(for: command)
        #expect(underBubblewrap.contains(found) && !underBubblewrap.contains("--as-init"), "\(underBubblewrap)")
        #expect(!underBubblewrap.contains { $0.hasSuffix("/prlimit") || $0.hasSuffix("/setpriv") }, "\(underBubblewrap)")
        // slipway-sandbox (a root server's) runs the same code in-process: no init program, no bind of it.
        guard LauncherHere.runs else { return }
        let arguments = try SandboxBackend(dataDirectory: data).arguments(for: command)
        #expect(!arguments.contains(found) && arguments.contains("--as-init"), "\(arguments)")
        #expect(!arguments.contains { $0.hasSuffix("/prlimit") || $0.hasSuffix("/setpriv") }, "\(arguments)")
    }

    /// Every build of the init beside the test binary: SwiftPM's, and the musl one `scripts/test`
    /// makes where musl-gcc is (`scripts/build-sandbox-musl`).
    static let builds = SandboxTools.builds(of: SandboxTools.initName)

    @Test(arguments: [false, true], builds)
    func theInitDropsEverything(bubblewrap: Bool, initProgram: String) async throws {
        Self.check(try await Self.probe(initProgram: initProgram, bubblewrap: bubblewrap))
    }

    @Test func withoutTheInitProgramPrlimitAndSetprivDoTheSame() async throws {
        Self.check(try await Self.probe(initProgram: nil))
    }

    /// `LD_*` and the like would act on bubblewrap (and prlimit/setpriv), which run with the
    /// server's privileges: a job's `LD_DEBUG` + `LD_DEBUG_OUTPUT` (harmless stand-ins for
    /// `LD_PRELOAD`) must only ever trace the job's own processes. With the init program the job
    /// still gets them; without it they are dropped.
    @Test(arguments: [(true, false), (false, false), (true, true)])
    func loaderVariablesNeverReachThePrivilegedSteps(withInit: Bool, bubblewrap: Bool) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-ld-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = root.appendingPathComponent("job", isDirectory: true)
        let traces = root.appendingPathComponent("traces", isDirectory: true)
        for directory in [job, traces] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        chmod(traces.path, 0o777)
        var settings = SandboxSettings(sharedDirectories: [traces], initProgram: withInit ? try #require(SandboxTools.locateInit()) : nil)
        if bubblewrap { settings.launcher = nil }
        let sandbox = try SandboxBackend(dataDirectory: root.appendingPathComponent("data"), settings: settings)
        let lines = LineCollector()
        let environment = ["PATH": "/usr/bin:/bin", "LD_DEBUG": "files", "LD_DEBUG_OUTPUT": traces.path + "/trace"]
        let command = JobCommand(
            "/bin/bash", arguments: ["-c", "echo \"seen=$LD_DEBUG\""], environment: environment, workingDirectory: job.path, jobDirectory: job.path)
        #expect(try await sandbox.run(command, onStart: { _ in }, onLine: { await lines.append($0) }) == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: traces.path)
        let traced = try files.map { try String(contentsOf: traces.appendingPathComponent($0), encoding: .utf8) }.joined()
        for privileged in ["bwrap", "prlimit", "setpriv", "slipway-sandbox"] {
            #expect(!traced.contains("needed by \(privileged)") && !traced.contains("/\(privileged) ["), "\(privileged) ran with the job's loader variables")
        }
        let printed = await lines.all
        if withInit {
            #expect(printed.contains("seen=files"), "\(printed)")
            #expect(traced.contains("bash"), "the job's own processes keep their variables")
        } else {
            #expect(printed.contains("seen="), "\(printed)")
        }
    }

    /// A job given bad limits is refused by the init program, never run unlimited.
    @Test(arguments: builds) func theInitProgramRefusesMalformedOptions(found: String) async throws {
        for arguments in [
            ["--nproc", "-1", "--", "/bin/true"], ["--nproc", "12x", "--", "/bin/true"], ["--user", "65534", "--", "/bin/true"],
            ["--bogus", "1", "--", "/bin/true"], ["--nproc", "1"],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: found)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 127, "\(arguments)")
        }
    }
}

/// Collects a command's output lines.
actor LineCollector {
    private(set) var all: [String] = []

    func append(_ line: String) {
        all.append(line)
    }
}
