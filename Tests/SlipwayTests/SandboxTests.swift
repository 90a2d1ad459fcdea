import Foundation
import SlipwayEngine
import SlipwayServer
import Testing

/// The job sandbox (the default executor): a job cannot read the store, another job's workspace,
/// the repositories or the logs, cannot write outside its own directory, and cannot see the
/// server's processes. Only its workspace (and a private `/tmp`) is writable.
@Suite struct SandboxTests {
    /// Each probe runs in the job; the log says whether it worked.
    static let probes: [(name: String, command: String, allowed: Bool)] = [
        ("read-store", "cat $DATA/slipway.sqlite", false),
        ("list-other-workflow", "ls $DATA/workspaces/other", false),
        ("only-own-workspace", "[ \"$(ls $DATA/workspaces)\" = probe ]", true),
        ("read-other-workspace", "cat $DATA/workspaces/other/1-keep/workspace/secret.txt", false),
        ("list-repositories", "ls $DATA/git/slipway/beta", false),
        ("list-logs", "ls $DATA/logs", false),
        ("write-data", "touch $DATA/planted", false),
        ("write-usr", "touch /usr/planted-by-job", false),
        ("write-etc", "touch /etc/planted-by-job", false),
        ("signal-server", "kill -0 $SERVER_PID", false),
        ("see-server", "test -e /proc/$SERVER_PID", false),
        ("write-workspace", "echo inside > inside.txt && cat inside.txt", true),
        ("write-outputs", "echo out > $SLIPWAY_OUTPUTS_DIR/RESULT", true),
        ("write-tmp", "echo private > /tmp/$TMP_MARK", true),
        ("see-host-home", "ls -d /home /root /srv /mnt /var/lib /sys", false),
        ("see-host-files", "ls $HOST_FILE", false),
        ("run-system-programs", "/bin/sh -c true && /usr/bin/env true && test -r /etc/passwd", true),
        ("use-devices", "echo x > /dev/null && head -c 4 /dev/urandom | wc -c | grep -q 4 && test -c /dev/zero", true),
        ("write-dev", "touch /dev/planted", false),
        ("write-shm", "echo shm > /dev/shm/$TMP_MARK", true),
        ("var-tmp-writable", "echo t > /var/tmp/$TMP_MARK", true),
    ]

    /// The first job's output `name` in a task detail.
    static func output(_ task: JSON, _ name: String, stage: Int = 0) -> String? {
        task["stages"][stage]["jobs"][0]["outputs"].array.first { $0["name"].string == name }?["value"].string
    }

    @Test(arguments: StoreKind.enabled)
    func jobCannotReachTheStoreOtherWorkspacesRepositoriesOrTheServer(kind: StoreKind) async throws {
        try await Self.probe(kind, ahead: false)
    }

    /// The same probes in a second stage's job, whose sandbox the engine made while the first
    /// stage ran (`SandboxBackend.prewarm`).
    @Test func aSandboxMadeAheadHoldsTheSameLimits() async throws {
        try await Self.probe(.sqlite, ahead: true)
    }

    /// The same probes with bubblewrap making the sandboxes, where a root server would run
    /// `slipway-sandbox` (`SandboxLauncherTests`).
    @Test(arguments: [false, true])
    func bubblewrapHoldsTheSameLimits(ahead: Bool) async throws {
        try await Self.probe(.sqlite, ahead: ahead, bubblewrap: true)
    }

    static func probe(_ kind: StoreKind, ahead: Bool, bubblewrap: Bool = false) async throws {
        let configure: (inout EngineConfiguration) -> Void = { configuration in
            configuration.keepWorkspaces = true
            if bubblewrap { configuration.sandbox.launcher = nil }
        }
        try await withApp(kind, configure: configure) { app in
            let data = app.scratch.deletingLastPathComponent()
            // The production layout: the SQLite store and hosted repositories in the data directory.
            try "secret-in-store".write(to: data.appendingPathComponent("slipway.sqlite"), atomically: true, encoding: .utf8)
            let repository = data.appendingPathComponent("git/slipway/beta/app.git")
            try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
            try "ref: refs/heads/main\n".write(to: repository.appendingPathComponent("HEAD"), atomically: true, encoding: .utf8)

            // Another project's job leaves a secret in its (kept) workspace.
            try await app.makeWorkflow(
                "other", project: "beta",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("keep", "echo secret-of-beta > secret.txt")
                        ])
                ])
            #expect(try await app.waitFor("other", try await app.run("other", project: "beta"))["status"].string == "passed")
            let otherSecret = data.appendingPathComponent("workspaces/other/1-keep/workspace/secret.txt")
            #expect(FileManager.default.fileExists(atPath: otherSecret.path))

            let mark = "slipway-sandbox-\(UUID().uuidString)"
            // A file of the host outside its system directories: this test's own source.
            let hostFile = URL(fileURLWithPath: #filePath).path
            let script =
                Self.probes.map { probe in
                    #"if ( \#(probe.command) ) >/dev/null 2>&1; then echo "\#(probe.name)=yes"; else echo "\#(probe.name)=no"; fi"#
                }.joined(separator: "\n")
                + "\necho \"uid=$(id -u)\"\necho \"processes=$(ls -d /proc/[0-9]* | wc -l)\"\necho \"limits=$(ulimit -u)/$(ulimit -d)\""
                // A sandbox made ahead starts in the job's directory; one made for the command, in its workspace.
                + "\ntr '\\0' '\\n' < /proc/1/cmdline | grep -A1 -x -- --chdir | tail -n 1 | grep -q '/workspace$' && echo made-ahead=no || echo made-ahead=yes"
                + "\necho \"script=$0\""
                + "\necho \"launcher=$(tr '\\0' '\\n' < /proc/1/cmdline | head -n 1)\""
            let envs = """
                [{"key":"DATA","value":"\(data.path)"},{"key":"SERVER_PID","value":"\(getpid())"},{"key":"TMP_MARK","value":"\(mark)"},\
                {"key":"HOST_FILE","value":"\(hostFile)"}]
                """
            let first = ahead ? [Harness.stage("first", jobs: [Harness.shellJob("first", "true")])] : []
            try await app.makeWorkflow(
                "probe", project: "alpha",
                stages: first + [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("probe", script, envs: envs)
                        ])
                ])
            let id = try await app.run("probe", project: "alpha")
            let done = try await app.waitFor("probe", id)
            #expect(done["status"].string == "passed", "\(done)")
            let log = try await app.log("probe", id, job: "probe")
            for probe in Self.probes {
                #expect(log.contains("\(probe.name)=\(probe.allowed ? "yes" : "no")"), "\(probe.name): \(log)")
            }
            #expect(!log.contains("secret-in-store") && !log.contains("secret-of-beta"))
            if getuid() == 0 { #expect(log.contains("uid=65534"), "a root server runs jobs as nobody: \(log)") }
            let processes = try #require(log.split(separator: "\n").first { $0.hasPrefix("processes=") }.flatMap { Int($0.dropFirst(10)) })
            #expect(processes <= 8, "only the sandbox's own processes are visible: \(log)")
            #expect(log.contains("made-ahead=\(ahead ? "yes" : "no")"), "\(log)")
            // The launcher the server takes: its musl build where there is a current one.
            let launcher = try LauncherHere.runs && !bubblewrap ? #require(SandboxTools.locateBeside(SandboxTools.launcherName)) : "/bwrap"
            #expect(log.split(separator: "\n").contains { $0.hasPrefix("launcher=") && $0.hasSuffix(launcher) }, "\(log)")
            // The script came by its text, written into the sandbox's private /tmp, not the job directory.
            #expect(log.contains("script=/tmp/.probe-"), "\(log)")
            #expect(Self.output(done, "RESULT", stage: ahead ? 1 : 0) == "out")
            let limits = ProcessLimits()
            #expect(log.contains("limits=\(limits.maxProcesses!)/\(limits.maxMemoryBytes! / 1024)"), "prlimit applies: \(log)")

            // Nothing leaked out on the host.
            #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("planted").path))
            #expect(!FileManager.default.fileExists(atPath: "/usr/planted-by-job"))
            #expect(!FileManager.default.fileExists(atPath: "/etc/planted-by-job"))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/\(mark)"), "/tmp is private to the job")
            #expect(!FileManager.default.fileExists(atPath: "/dev/shm/\(mark)"), "/dev/shm is private to the job")
            #expect(!FileManager.default.fileExists(atPath: "/var/tmp/\(mark)"), "/var/tmp is private to the job")
            #expect(try String(contentsOf: otherSecret, encoding: .utf8) == "secret-of-beta\n")
        }
    }

    /// A job that swaps its outputs for a link to a server file does not make the server read it.
    @Test func outputsThatLinkOutsideAreIgnored() async throws {
        try await withApp(.sqlite) { app in
            let outside = app.scratch.deletingLastPathComponent().appendingPathComponent("outside.txt")
            try "server-only".write(to: outside, atomically: true, encoding: .utf8)
            try await app.makeWorkflow(
                "links",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("link", "ln -s \(outside.path) $SLIPWAY_OUTPUTS_DIR/LEAK; echo fine > $SLIPWAY_OUTPUTS_DIR/OK")
                        ])
                ])
            let done = try await app.waitFor("links", try await app.run("links"))
            #expect(done["status"].string == "passed", "\(done)")
            #expect(Self.output(done, "OK") == "fine")
            #expect(Self.output(done, "LEAK") == nil, "\(done)")
        }
    }

    @Test func serverRefusesTheSandboxWithoutBubblewrap() {
        let configuration = ServerConfiguration(executor: "sandbox")
        let problem = configuration.executorProblem(bubblewrap: "bwrap-not-installed-here")
        #expect(problem?.contains("apt-get install bubblewrap") == true, "\(problem ?? "")")
        #expect(problem?.contains("--executor host") == true)
        #expect(configuration.executorProblem() == nil, "bubblewrap is installed on the test machine (scripts/test)")
        #expect(ServerConfiguration(executor: "host").executorProblem(bubblewrap: "bwrap-not-installed-here") == nil)
        #expect(ServerConfiguration(executor: "docker").executorProblem()?.contains("unknown executor docker") == true)
        #expect(ServerConfiguration(executor: "host").engine.executor == .host)
        #expect(ServerConfiguration().engine.executor == .sandbox)
    }

    /// The real binary: the sandbox selected (the default) and no bubblewrap on PATH → it refuses to start.
    @Test func serveRefusesToStartWithoutBubblewrap() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-nobwrap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try ServerProcess(["serve", "--port", "0", "--data-dir", data.path], environment: ["PATH": "/nonexistent"])
        #expect(try await server.waitForExit(seconds: 30))
        #expect(server.exitCode != 0)
        #expect(server.text.contains("cannot start: the job sandbox needs bwrap"), "\(server.text)")
        #expect(server.text.contains("apt-get install bubblewrap"))
        #expect(!server.text.contains("listening"))
    }
}
