import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// Sandboxes made ahead of their jobs (`SandboxBackend.prewarm`): bubblewrap waits in
/// `slipway-sandbox-init --command-stdin` until the job's command arrives on its standard input.
/// The job then gets what a sandbox made on demand gives it: the same drop of privileges and
/// limits, its arguments and variables as data, an empty standard input; an unused one ends.
@Suite struct SandboxPrewarmTests {
    /// The processes waiting in a sandbox made ahead for `jobDirectory` (host pids).
    static func waiting(for jobDirectory: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains("--command-stdin") && arguments.contains(jobDirectory)
        }
    }

    /// Until `condition` holds, for at most 10 s.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// The exit status of `slipway-sandbox-init --command-stdin` (at `initProgram`) given
    /// `input`, from a file: the init stops reading an oversized block early.
    static func exitStatus(of initProgram: String, given input: Data) throws -> Int32 {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-block-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try input.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: initProgram)
        process.arguments = ["--command-stdin"]
        process.standardInput = try FileHandle(forReadingFrom: file)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func sandbox(_ root: URL) throws -> SandboxBackend {
        let settings = SandboxSettings(limits: ProcessLimits(maxProcesses: 321, maxMemoryBytes: 1 << 30))
        return try SandboxBackend(dataDirectory: root.appendingPathComponent("data"), settings: settings)
    }

    /// A data directory under `/dev` (in `/dev/shm`, as benchmarks put it) keeps bubblewrap's own
    /// `/dev`, into which the job directory can be bound; jobs still get their devices.
    @Test func aDataDirectoryUnderDevStillRunsJobs() async throws {
        let root = URL(fileURLWithPath: "/dev/shm/slipway-dev-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = root.appendingPathComponent("data/workspaces/w/1-j", isDirectory: true)
        try FileManager.default.createDirectory(at: job, withIntermediateDirectories: true)
        let command = JobCommand(
            "/bin/sh", arguments: ["-c", "echo x > /dev/null && echo in > inside.txt && cat inside.txt"], environment: [:],
            workingDirectory: job.path, jobDirectory: job.path)
        let lines = LineCollector()
        let code = try await Self.sandbox(root).run(command, onStart: { _ in }, onLine: { await lines.append($0) })
        let printed = await lines.all
        #expect(code == 0, "\(printed)")
        #expect(printed.contains("in"), "\(printed)")
    }

    @Test func aSandboxMadeAheadRunsTheCommandAsOneMadeOnDemand() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-warm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = root.appendingPathComponent("job", isDirectory: true)
        let sandbox = try Self.sandbox(root)
        #expect(sandbox.prewarm(jobDirectory: job, placement: JobPlacement()))
        #expect(try await Self.eventually { !Self.waiting(for: job.path).isEmpty }, "bubblewrap waits for the command")
        // Files the server writes after the sandbox was made are there for the job.
        let workspace = job.appendingPathComponent("workspace", isDirectory: true)
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        try "from the server\n".write(to: workspace.appendingPathComponent("given.txt"), atomically: true, encoding: .utf8)
        let hostile = #"$(touch /tmp/pwned) `id` "quoted" 'single' ; echo no"#
        let script =
            SandboxInitTests.probe + """

                printf 'arg=%s\\n' "$1"
                printf 'env=%s\\n' "$HOSTILE"
                echo "pwd=$(pwd)"
                cat given.txt
                echo "stdin=$(cat | wc -c)"
                echo "pid1=$(tr '\\0' ' ' < /proc/1/cmdline)"
                """
        let command = JobCommand(
            "/bin/bash", arguments: ["-c", script, "probe", hostile], environment: ["PATH": "/usr/bin:/bin", "HOSTILE": hostile],
            workingDirectory: workspace.path, jobDirectory: job.path)
        let lines = LineCollector()
        let code = try await sandbox.run(command, onStart: { _ in }, onLine: { await lines.append($0) })
        let printed = await lines.all
        #expect(code == 0, "\(printed)")
        SandboxInitTests.check(printed)
        #expect(printed.contains("arg=\(hostile)"), "\(printed)")
        #expect(printed.contains("env=\(hostile)"), "\(printed)")
        #expect(printed.contains("pwd=\(workspace.path)"), "\(printed)")
        #expect(printed.contains("from the server"), "\(printed)")
        #expect(printed.contains("stdin=0"), "\(printed)")
        #expect(printed.contains { $0.hasPrefix("pid1=") && $0.contains("--command-stdin") }, "the command ran in the sandbox made ahead: \(printed)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        // bubblewrap exits just after its command: on a loaded machine it may still be ending.
        #expect(try await Self.eventually { Self.waiting(for: job.path).isEmpty }, "the sandbox made ahead ends with its command")

        // The next command of the job gets a sandbox made on demand.
        let again = JobCommand(
            "/bin/sh", arguments: ["-c", "tr '\\0' ' ' < /proc/1/cmdline"], environment: [:], workingDirectory: job.path,
            jobDirectory: job.path)
        let second = LineCollector()
        #expect(try await sandbox.run(again, onStart: { _ in }, onLine: { await second.append($0) }) == 0)
        let secondLines = await second.all
        #expect(secondLines.allSatisfy { !$0.contains("--command-stdin") }, "\(secondLines)")
    }

    @Test func anUnusedSandboxEndsWhenDiscarded() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-warm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = root.appendingPathComponent("job", isDirectory: true)
        let sandbox = try Self.sandbox(root)
        #expect(sandbox.prewarm(jobDirectory: job, placement: JobPlacement()))
        #expect(try await Self.eventually { !Self.waiting(for: job.path).isEmpty })
        sandbox.discardPrewarmed(jobDirectory: job)
        #expect(try await Self.eventually { Self.waiting(for: job.path).isEmpty }, "the waiting sandbox ends")
        // Jobs that ask for an image or agents get nothing made here.
        #expect(!sandbox.prewarm(jobDirectory: job, placement: JobPlacement(image: "alpine", labels: [])))
        #expect(!sandbox.prewarm(jobDirectory: job, placement: JobPlacement(image: nil, labels: ["linux"])))
        // Under bubblewrap, an init program that does not take commands on its standard input (an
        // older one) makes nothing ahead: jobs get sandboxes on demand.
        let older = try SandboxBackend(
            dataDirectory: root.appendingPathComponent("data"), settings: SandboxSettings(initProgram: "/bin/true", launcher: nil))
        #expect(!older.prewarm(jobDirectory: job, placement: JobPlacement()))
    }

    @Test func theInitProgramRefusesMalformedCommandBlocks() async throws {
        let found = try #require(SandboxTools.locateInit())
        func strings(_ strings: [String]) -> [UInt8] { strings.flatMap { Array($0.utf8) + [0] } }
        /// A block with its magic and the rest's true length.
        func block(_ rest: [String], magic: String = "slipway-command-1") -> Data {
            let body = strings(rest)
            return Data(strings([magic, String(body.count)]) + body)
        }
        let cases: [(String, Data)] = [
            ("empty", Data()),
            ("no magic", block(["/", "1", "/bin/true", "0"], magic: "other")),
            ("no arguments", block(["/", "0", "0"])),
            ("short", block(["/", "2", "/bin/true"])),
            ("trailing", block(["/", "1", "/bin/true", "0", "EXTRA=1"])),
            ("unterminated head", Data("slipway-command-1".utf8)),
            ("no length", Data(strings(["slipway-command-1", "x"]))),
            ("length past the end", Data(strings(["slipway-command-1", "100", "/", "1", "/bin/true", "0"]))),
            ("huge count", block(["/", "99999999999", "/bin/true", "0"])),
            ("over 8 MiB", block(["/", "1", String(repeating: "a", count: 9 << 20), "0"])),
        ]
        for (name, input) in cases {
            #expect(try Self.exitStatus(of: found, given: input) == 127, "\(name)")
        }
        // The head is read in chunks of up to 64 bytes: a block that came whole with it (and bytes
        // after the block, which are dropped), or whose first part came with it, still runs.
        #expect(try Self.exitStatus(of: found, given: block(["/", "1", "/bin/true", "0"]) + Data("after".utf8)) == 0)
        let padded = block(["/", "3", "/bin/sh", "-c", "exit 0", "1", "PAD=" + String(repeating: "x", count: 60)])
        #expect(padded.count > 64)
        #expect(try Self.exitStatus(of: found, given: padded) == 0)
        // A well-formed block runs its command with exactly its variables.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: found)
        process.arguments = ["--command-stdin"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The block is read to its length: the input stays open (another holder of the pipe
        // must not keep the command from starting).
        try input.fileHandleForWriting.write(contentsOf: block(["/", "3", "/bin/sh", "-c", "env", "1", "ONLY=this"]))
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 0)
        #expect(
            printed.split(separator: "\n").filter { !$0.hasPrefix("PWD=") && !$0.hasPrefix("SHLVL=") && !$0.hasPrefix("_=") } == ["ONLY=this"], "\(printed)")
    }

    /// The engine makes the next stage's sandboxes while a stage runs; when that stage fails, the
    /// sandboxes made for the stage that will not run end, and their directories go.
    @Test func theEngineEndsTheSandboxesOfStagesThatDoNotRun() async throws {
        try await withApp(.sqlite) { app in
            let data = app.scratch.deletingLastPathComponent()
            let gate = app.scratch.appendingPathComponent("gate-\(UUID().uuidString)").path
            try await app.makeWorkflow(
                "ahead", project: "alpha",
                stages: [
                    Harness.stage("first", jobs: [Harness.shellJob("first", "while [ ! -e \(gate) ]; do sleep 0.05; done; exit 3")]),
                    Harness.stage("second", jobs: [Harness.shellJob("second", "echo never")]),
                ])
            let id = try await app.run("ahead", project: "alpha")
            let second = data.appendingPathComponent("workspaces/ahead/\(id)-second").path
            #expect(try await Self.eventually { !Self.waiting(for: second).isEmpty }, "the second stage's sandbox is made while the first runs")
            FileManager.default.createFile(atPath: gate, contents: nil)
            let done = try await app.waitFor("ahead", id)
            #expect(done["status"].string == "failed", "\(done)")
            #expect(done["stages"][1]["jobs"][0]["status"].string != "passed")
            #expect(try await Self.eventually { Self.waiting(for: second).isEmpty }, "the unused sandbox ends")
            #expect(!FileManager.default.fileExists(atPath: second), "its directory is removed")
        }
    }
}
