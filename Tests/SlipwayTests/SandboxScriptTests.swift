import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// Scripts by their text (`JobCommand.script`): the sandbox's command block carries the script,
/// and `slipway-sandbox-init` writes it, as the job user, into the sandbox's private `/tmp`. The
/// job directory on the host never holds it; an init program without the feature gets a file.
@Suite struct SandboxScriptTests {
    /// A script that says where it is and what it holds, with text a shell would act on if it
    /// were ever spliced into a command line.
    static let hostile = #"$(touch /tmp/pwned-by-script) `id` "quoted" 'single' ; echo no"#
    static let text =
        SandboxInitTests.probe + """

            echo "script=$0"
            echo "mode=$(stat -c %a "$0") owner=$(stat -c %u "$0")"
            echo "args=$#"
            echo "pwd=$(pwd)"
            echo "stdin=$(cat | wc -c)"
            ls -a .. | grep -c '\\.sh$' | sed 's/^/job-directory-scripts=/'
            cat <<'END'
            \(SandboxScriptTests.hostile)
            END
            echo "grüße ✓"
            """

    static func command(_ job: URL, script: JobScript?) -> JobCommand {
        var command = JobCommand(
            "/bin/bash", arguments: [], environment: ["PATH": "/usr/bin:/bin"], workingDirectory: job.appendingPathComponent("workspace").path,
            jobDirectory: job.path)
        command.script = script
        return command
    }

    static func jobDirectory(_ root: URL) throws -> URL {
        let job = root.appendingPathComponent("data/workspaces/w/1-build", isDirectory: true)
        try FileManager.default.createDirectory(at: job.appendingPathComponent("workspace"), withIntermediateDirectories: true)
        return job
    }

    static func check(_ printed: [String], job: URL, name: String) {
        SandboxInitTests.check(printed)
        #expect(printed.contains("script=/tmp/\(name)"), "\(printed)")
        #expect(printed.contains { $0.hasPrefix("mode=600 owner=\(getuid() == 0 ? 65534 : getuid())") }, "owner-only, the job user's: \(printed)")
        #expect(printed.contains("args=0"), "\(printed)")
        #expect(printed.contains("pwd=\(job.path)/workspace"), "\(printed)")
        #expect(printed.contains("stdin=0"), "\(printed)")
        #expect(printed.contains("job-directory-scripts=0"), "the job directory holds no script: \(printed)")
        #expect(printed.contains(hostile), "the text is data: \(printed)")
        #expect(printed.contains("grüße ✓"), "\(printed)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned-by-script"))
    }

    @Test func aScriptByTextRunsFromTheSandboxesOwnTmpMadeAheadOrNot() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-script-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = try Self.jobDirectory(root)
        let sandbox = try SandboxPrewarmTests.sandbox(root)
        #expect(sandbox.takesScripts(at: JobPlacement()))
        #expect(!sandbox.takesScripts(at: JobPlacement(image: "alpine", labels: [])), "a container's script stays a file")
        #expect(!sandbox.takesScripts(at: JobPlacement(image: nil, labels: ["linux"])), "an agent's script stays a file")
        #expect(BackendRouter(local: sandbox).takesScripts(at: JobPlacement()))
        #expect(!BackendRouter(local: sandbox).takesScripts(at: JobPlacement(image: nil, labels: ["linux"])))
        #expect(!HostBackend().takesScripts(at: JobPlacement()), "the host backend runs files")

        for ahead in [false, true] {
            if ahead {
                #expect(sandbox.prewarm(jobDirectory: job, placement: JobPlacement()))
                #expect(try await SandboxPrewarmTests.eventually { !SandboxPrewarmTests.waiting(for: job.path).isEmpty })
            }
            let name = ".build-\(ahead ? "ahead" : "now").sh"
            let lines = LineCollector()
            let code = try await sandbox.run(
                Self.command(job, script: JobScript(name: name, text: Self.text)), onStart: { _ in }, onLine: { await lines.append($0) })
            let printed = await lines.all
            #expect(code == 0, "\(printed)")
            Self.check(printed, job: job, name: name)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/\(name)"), "the host's /tmp is not the sandbox's")
        }
        // A failing script's exit code comes back.
        let failing = try await sandbox.run(
            Self.command(job, script: JobScript(name: ".fail.sh", text: "exit 7")), onStart: { _ in }, onLine: { _ in })
        #expect(failing == 7)
    }

    @Test func anInitProgramWithoutScriptsGetsAFileOfTheJobDirectoryRemovedAfter() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-script-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = try Self.jobDirectory(root)
        // No init program: prlimit and setpriv, and no command on standard input.
        let settings = SandboxSettings(limits: ProcessLimits(maxProcesses: 321, maxMemoryBytes: 1 << 30), initProgram: nil)
        let sandbox = try SandboxBackend(dataDirectory: root.appendingPathComponent("data"), settings: settings)
        #expect(!sandbox.takesScripts(at: JobPlacement()))
        let lines = LineCollector()
        let text = "echo \"script=$0\"\ncat <<'END'\n\(Self.hostile)\nEND"
        let code = try await sandbox.run(
            Self.command(job, script: JobScript(name: ".build-file.sh", text: text)), onStart: { _ in }, onLine: { await lines.append($0) })
        let printed = await lines.all
        #expect(code == 0, "\(printed)")
        #expect(printed.contains("script=\(job.path)/.build-file.sh"), "\(printed)")
        #expect(printed.contains(Self.hostile), "\(printed)")
        #expect(!FileManager.default.fileExists(atPath: job.appendingPathComponent(".build-file.sh").path), "removed after the run")
        // A name that is not a file name is refused, and nothing runs.
        await #expect(throws: SandboxUnavailable.self) {
            _ = try await sandbox.run(
                Self.command(job, script: JobScript(name: "../escape.sh", text: "touch /tmp/ran")), onStart: { _ in }, onLine: { _ in })
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("data/workspaces/w/escape.sh").path))
    }

    @Test func theInitProgramSaysItTakesScriptsAndRefusesBadScriptBlocks() throws {
        let found = try #require(SandboxTools.locateInit())
        let features = Process()
        features.executableURL = URL(fileURLWithPath: found)
        features.arguments = ["--features"]
        let said = Pipe()
        features.standardOutput = said
        try features.run()
        let text = String(decoding: said.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        features.waitUntilExit()
        #expect(features.terminationStatus == 0 && text == "command-stdin script\n", "\(text)")

        func strings(_ strings: [String]) -> [UInt8] { strings.flatMap { Array($0.utf8) + [0] } }
        /// A script block: the command, then `script` strings, then `tail` bytes as they are.
        func block(_ script: [String], tail: String = "") -> Data {
            let body = strings(["/", "1", "/bin/true", "0"] + script) + Array(tail.utf8)
            return Data(strings(["slipway-command-2", String(body.count)]) + body)
        }
        let cases: [(String, Data)] = [
            ("no script name", block([])),
            ("empty name", block(["", "0"])),
            ("a path", block(["a/b.sh", "4"], tail: "true")),
            ("dot dot", block(["..", "4"], tail: "true")),
            ("over 200 bytes", block([String(repeating: "n", count: 201), "4"], tail: "true")),
            ("no length", block([".s.sh"])),
            ("length short", block([".s.sh", "3"], tail: "true")),
            ("length long", block([".s.sh", "5"], tail: "true")),
            ("bad length", block([".s.sh", "-4"], tail: "true")),
        ]
        for (name, input) in cases {
            #expect(try SandboxPrewarmTests.exitStatus(of: found, given: input) == 127, "\(name)")
        }
    }
}
