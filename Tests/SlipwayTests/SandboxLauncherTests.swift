import Foundation
import SlipwayEngine
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `slipway-sandbox`, the launcher a root server runs instead of bubblewrap: the same options
/// with the same meaning, built on the mount API. `SandboxTests`, `SandboxInitTests` and the
/// engine's tests run jobs through it on a root machine; these check what is its own: the choice,
/// the process tree, its refusals and the host left untouched. (Not root: nothing to check, the
/// server runs bubblewrap, as it does where the kernel refuses the mount API.)
@Suite(.enabled(if: LauncherHere.runs, "the launcher runs for a root server whose kernel has the mount API only"))
struct SandboxLauncherTests {
    /// Every build beside the test binary: SwiftPM's, and the musl one `scripts/test` makes
    /// (`scripts/build-sandbox-musl`) where musl-gcc is. Each test runs on each.
    static let builds = SandboxTools.builds(of: SandboxTools.launcherName)

    static func launcher() throws -> String {
        try #require(SandboxTools.locateBeside(SandboxTools.launcherName), "swift build builds slipway-sandbox beside the test binary")
    }

    /// A job directory of its own, and the layout options the server gives (host devices bound).
    static func layout(_ job: String) -> [String] {
        [
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--dev-bind", "/dev", "/dev", "--proc", "/proc", "--perms", "0755", "--dir", "/var",
            "--symlink", "/tmp", "/var/tmp", "--perms", "1777", "--tmpfs", "/tmp", "--bind", job, job, "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--hostname", "slipway-job", "--die-with-parent", "--chdir", job,
        ]
    }

    /// Run the launcher with `arguments`; its status and its output (stdout and stderr).
    static func run(_ launcher: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func withJob<T>(_ body: (String) throws -> T) throws -> T {
        let job = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-launcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: job, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: job) }
        return try body(job.path)
    }

    /// Host processes whose command line contains `marker`.
    static func processes(containing marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
        }
    }

    /// The host's mount points (this process's mount namespace), one entry per mount.
    static func mountPoints() throws -> [String] {
        try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            return fields.count > 4 ? String(fields[4]) : nil
        }
    }

    /// Mount points in `after` that `before` did not have (as many times as they were added).
    static func added(_ before: [String], _ after: [String]) -> [String] {
        var left = Dictionary(before.map { ($0, 1) }, uniquingKeysWith: +)
        return after.filter { point in
            guard let count = left[point], count > 0 else { return true }
            left[point] = count - 1
            return false
        }
    }

    @Test(arguments: builds) func aRootServerRunsTheLauncherAndBubblewrapWhenToldNot(launcher: String) throws {
        #expect(try Self.run(launcher, ["--features"]) == (0, "mount-api as-init command-stdin script\n"))
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-launcher-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        #expect(try SandboxBackend(dataDirectory: data).launcher == Self.launcher())
        #expect(try SandboxBackend(dataDirectory: data, settings: SandboxSettings(launcher: nil)).launcher.hasSuffix("/bwrap"))
    }

    @Test(arguments: builds) func theCommandIsTheSecondProcessOfAReadOnlyRootWithItsOwnHostName(launcher: String) throws {
        try Self.withJob { job in
            let script = """
                echo "pid=$$ host=$(hostname) dir=$(pwd)"
                echo "first=$(tr '\\0' ' ' < /proc/1/cmdline | cut -d' ' -f1)"
                ls /proc | grep -E '^[0-9]+$' | wc -l | sed 's/^/processes=/'
                touch /planted 2>/dev/null && echo root-writable
                touch /usr/planted 2>/dev/null && echo usr-writable
                echo kept > kept.txt && echo tmp > /tmp/t && cat /tmp/t
                """
            let (status, output) = try Self.run(launcher, Self.layout(job) + ["--", "/bin/sh", "-c", script])
            #expect(status == 0, "\(output)")
            #expect(output.contains("pid=2 host=slipway-job dir=\(job)"), "\(output)")
            #expect(output.contains("first=\(launcher)"), "the first process is the launcher, reaping: \(output)")
            // Only the sandbox's own: the launcher, the shell and the pipe's `ls`, grep, wc and sed at most.
            let processes = output.split(separator: "\n").first { $0.hasPrefix("processes=") }.flatMap { Int($0.dropFirst(10)) }
            #expect((processes ?? 99) <= 6, "\(output)")
            #expect(!output.contains("root-writable") && !output.contains("usr-writable"), "\(output)")
            #expect(output.contains("tmp"), "\(output)")
            #expect(try String(contentsOfFile: job + "/kept.txt", encoding: .utf8) == "kept\n")
            #expect(!FileManager.default.fileExists(atPath: "/planted"))
        }
    }

    /// `--as-init`: the init's options and command follow `--`, and its code runs in the
    /// command's process: limits, the job user with nothing to regain privileges, then the command.
    @Test(arguments: builds) func asInitTheLauncherDropsToTheJobUserItself(launcher: String) throws {
        try Self.withJob { job in
            let probe = "id -u; id -G; grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/self/status; ulimit -u; ulimit -c"
            let asInit = ["--as-init", "--", "--nproc", "77", "--user", "65534:65534", "--", "/bin/bash", "-c", probe]
            let (status, output) = try Self.run(launcher, Self.layout(job) + asInit)
            #expect(status == 0, "\(output)")
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines == ["65534", "65534", "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "NoNewPrivs:\t1", "77", "0"], "\(output)")
            // The init's own refusals hold: a malformed option runs nothing (127).
            let refused = try Self.run(launcher, Self.layout(job) + ["--as-init", "--", "--nproc", "-1", "--", "/bin/true"])
            #expect(refused.status == 127 && refused.output.contains("slipway-sandbox-init: bad number"), "\(refused)")
        }
    }

    @Test(arguments: builds) func theStatusIsTheCommandsAndASignalIs128Plus(launcher: String) throws {
        try Self.withJob { job in
            #expect(try Self.run(launcher, Self.layout(job) + ["--", "/bin/sh", "-c", "exit 7"]).status == 7)
            #expect(try Self.run(launcher, Self.layout(job) + ["--", "/bin/sh", "-c", "kill -KILL $$"]).status == 137)
            let missing = try Self.run(launcher, Self.layout(job) + ["--", "/no/such/program"])
            #expect(missing.status == 127 && missing.output.contains("cannot run /no/such/program"), "\(missing)")
        }
    }

    /// The command's process starts in the launcher's memory, on a stack of its own: one as large
    /// as a process's usual, since glibc's execvp puts an array of every argument there when it
    /// runs a file without "#!" through /bin/sh (a 256 KiB stack overflowed at 60,000 arguments).
    @Test(arguments: builds) func aCommandWithSixtyThousandArgumentsHasRoomToStart(launcher: String) throws {
        try Self.withJob { job in
            let script = job + "/count"
            try "echo \"count $#\"\n".write(toFile: script, atomically: true, encoding: .utf8)
            #expect(chmod(script, 0o755) == 0)
            let arguments = [String](repeating: "a", count: 60_000)
            let asInit = ["--as-init", "--", "--user", "65534:65534", "--"]
            let direct = try Self.run(launcher, Self.layout(job) + asInit + ["/bin/sh", script] + arguments)
            #expect(direct == (0, "count 60000\n"))
            let withoutShebang = try Self.run(launcher, Self.layout(job) + asInit + [script] + arguments)
            if launcher.hasSuffix("-musl") {
                // musl's execvp runs no file without "#!" (scripts/build-sandbox-musl).
                #expect(withoutShebang.status == 127 && withoutShebang.output.contains("Exec format error"), "\(withoutShebang)")
            } else {
                #expect(withoutShebang == (0, "count 60000\n"))
            }
        }
    }

    /// Steps walk on from the directories the step before walked through; a step under a path an
    /// earlier step mounted over lands in the mount, not in the directory it covers.
    @Test(arguments: builds) func stepsUnderAnEarlierStepsMountLandInTheMount(launcher: String) throws {
        try Self.withJob { job in
            let steps = [
                "--dir", "/a/b/covered", "--perms", "0700", "--tmpfs", "/a/b", "--dir", "/a/b/inside",
                "--dir", "/w/covered", "--bind", job, "/w", "--dir", "/w/made", "--dir", "/w/made/deeper",
                "--dir", "/p/q/r", "--dir", "/p/s", "--dir", "/p/q/t", "--symlink", "q", "/p/link",
            ]
            let probe = "ls /a/b; stat -c %a /a/b; ls /w; ls /p /p/q; readlink /p/link"
            let (status, output) = try Self.run(launcher, Self.layout(job) + steps + ["--", "/bin/sh", "-c", probe])
            #expect(status == 0, "\(output)")
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.prefix(3) == ["inside", "700", "made"], "\(output)")
            #expect(!output.contains("covered"), "\(output)")
            #expect(output.contains("/p:\nlink\nq\ns\n") && output.contains("/p/q:\nr\nt\n") && lines.last == "q", "\(output)")
            // The bind is the host's job directory: what was made under it is there.
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: job + "/made/deeper", isDirectory: &isDirectory) && isDirectory.boolValue)
        }
    }

    @Test(arguments: builds) func processesLeftBehindEndWithTheCommand(launcher: String) throws {
        let marker = "31\(Int.random(in: 100_000...999_999))"
        try Self.withJob { job in
            let (status, output) = try Self.run(launcher, Self.layout(job) + ["--", "/bin/sh", "-c", "sleep \(marker) & sleep \(marker) & echo started"])
            #expect(status == 0 && output.contains("started"), "\(output)")
        }
        // The first process's end ends the namespace: nothing is left, at once.
        #expect(Self.processes(containing: "sleep \(marker)").isEmpty)
    }

    @Test(arguments: builds) func theSandboxDiesWithTheLauncher(launcher: String) async throws {
        let marker = "32\(Int.random(in: 100_000...999_999))"
        let job = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-launcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: job, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: job) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        process.arguments = Self.layout(job.path) + ["--", "/bin/sh", "-c", "sleep \(marker)"]
        try process.run()
        var started = false
        for _ in 0..<200 where !started {
            started = !Self.processes(containing: "sleep \(marker)").isEmpty
            if !started { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(started)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        var left = Self.processes(containing: "sleep \(marker)")
        for _ in 0..<200 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            left = Self.processes(containing: "sleep \(marker)")
        }
        #expect(left.isEmpty, "the job's processes die with the launcher")
    }

    @Test(arguments: builds) func pathsThroughLinksAndMalformedOptionsAreRefusedAndTheHostIsUntouched(launcher: String) throws {
        let mounts = try Self.mountPoints()
        var job = ""
        let planted = "slipway-planted-\(UUID().uuidString)"
        try Self.withJob { jobDirectory in
            job = jobDirectory
            // /escape links to the host's /etc while the new root is built: a step must not follow it.
            for steps in [["--symlink", "/etc", "/escape", "--dir", "/escape/\(planted)"], ["--symlink", "/etc", "/escape", "--tmpfs", "/escape/x"]] {
                let (status, output) = try Self.run(launcher, steps + ["--", "/bin/true"])
                #expect(status == 1 && output.contains("link"), "\(steps): \(output)")
            }
            let refused: [([String], String)] = [
                (["--frobnicate"], "unknown option"),
                (["--dir", "relative"], "not an absolute path"),
                (["--dir", "/a/../etc"], "not a plain absolute path"),
                (["--dir", "/a//b"], "not a plain absolute path"),
                (["--dir", "/"], "not an absolute path below /"),
                (["--perms", "0755", "--bind", job, job], "--perms applies"),
                (["--perms", "9"], "octal"),
                (["--hostname", "x"], "--unshare-uts"),
                (["--bind", "/no/such/source", "/x"], "cannot bind /no/such/source"),
                (["--dir", "/etc", "--ro-bind", "/etc/hostname", "/etc"], "another kind"),
                (["--dir", "/x"], "no command"),
            ]
            for (options, message) in refused {
                let arguments = options + (message == "no command" ? ["--"] : ["--", "/bin/true"])
                let (status, output) = try Self.run(launcher, arguments)
                #expect(status == 1 && output.contains(message), "\(options): \(status) \(output)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(planted)"))
        // Other tests (containers) mount and unmount meanwhile: only a mount the refused steps
        // would have made, or the new root's tmpfs over /tmp, tells of a leak.
        let leaked = Self.added(mounts, try Self.mountPoints()).filter { point in
            ["/", "/tmp", "/etc", "/x", "/escape", "/escape/x", "/escape/\(planted)"].contains(point) || point.hasPrefix(job)
        }
        #expect(leaked.isEmpty, "no mount reached the host: \(leaked)")
    }
}

/// Whether a root server here runs `slipway-sandbox` (else bubblewrap, which `SandboxTests` covers).
enum LauncherHere {
    static let runs = geteuid() == 0 && SandboxTools.locateBeside(SandboxTools.launcherName).map(SandboxLauncher.works) == true
}
