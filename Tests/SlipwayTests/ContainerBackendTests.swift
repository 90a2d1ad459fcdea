import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// Container jobs (issue 13.1): a command in an image runs under podman with runc, prints, fails
/// with its exit code, is cancelled with nothing left behind, and gets the job's variables
/// without their values on any command line. Runs on the tiny busybox image built in the test.
@Suite(.enabled(if: TinyImage.available, Comment(rawValue: TinyImage.skipReason)))
struct ContainerBackendTests {
    /// A data directory with one job directory, removed afterwards.
    struct Fixture {
        let data: URL
        let job: URL
        let backend: ContainerBackend
        var owner: String { "slipway.data=\(data.standardizedFileURL.path)" }

        init(archives: URL? = nil) throws {
            data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-container-\(UUID().uuidString)")
            job = data.appendingPathComponent("workspaces/w/1-job")
            try FileManager.default.createDirectory(at: job.appendingPathComponent("workspace"), withIntermediateDirectories: true)
            backend = try ContainerBackend(dataDirectory: data, settings: ContainerSettings(imageArchives: archives))
        }

        func command(_ script: String, image: String = TinyImage.reference, environment: [String: String] = [:]) -> JobCommand {
            JobCommand(
                "/bin/sh", arguments: ["-c", script], environment: environment.merging(["TASK_ID": "7", "JOB_NAME": "probe"]) { $1 },
                workingDirectory: job.appendingPathComponent("workspace").path, jobDirectory: job.path,
                placement: JobPlacement(image: image))
        }

        func run(_ command: JobCommand, lines: Lines = Lines()) async throws -> (code: Int32, lines: [String]) {
            let code = try await backend.run(command, onStart: { _ in }, onLine: { await lines.append($0) })
            return (code, await lines.all)
        }

        func remove() { try? FileManager.default.removeItem(at: data) }
    }

    /// Log lines as they arrive.
    actor Lines {
        var all: [String] = []
        func append(_ line: String) { all.append(line) }
        func contains(_ line: String) -> Bool { all.contains(line) }
    }

    @Test func stepRunsInTheImagePrintsAndGetsTheJobsVariables() async throws {
        _ = try await TinyImage.ensure()
        let fixture = try Fixture()
        defer { fixture.remove() }
        let secret = "s3cr3t-\(UUID().uuidString)"
        let multiline = "first line\nsecond 'quoted' $line"
        let command = fixture.command(
            #"echo "hello from $(cat /proc/1/comm 2>/dev/null || echo pid1)"; echo "token=$TOKEN"; printf '%s\n' "$NOTE"; echo "xdg=$XDG_PROBE"; echo "preload=$LD_PRELOAD"; echo "uid=$(id -u)"; echo "pwd=$(pwd)"; echo written > here.txt; (echo x > /etc/planted) 2>/dev/null || echo "root-read-only""#,
            environment: [
                "TOKEN": secret, "NOTE": multiline, "XDG_PROBE": "via-env-file", "CONTAINERS_CONF": "/nonexistent/containers.conf",
                "LD_PRELOAD": "/nonexistent/evil.so",
            ])
        let result = try await fixture.run(command)
        #expect(result.code == 0, "\(result.lines)")
        #expect(result.lines.contains("token=\(secret)"), "\(result.lines)")
        #expect(result.lines.contains("first line") && result.lines.contains("second 'quoted' $line"), "\(result.lines)")
        #expect(result.lines.contains("xdg=via-env-file"), "a name podman reads itself still reaches the job: \(result.lines)")
        #expect(result.lines.contains("preload=/nonexistent/evil.so"), "\(result.lines)")
        #expect(!result.lines.contains { $0.contains("cannot be preloaded") }, "podman itself never loads the job's LD_PRELOAD: \(result.lines)")
        #expect(result.lines.contains("pwd=\(fixture.job.path)/workspace"), "\(result.lines)")
        #expect(result.lines.contains("root-read-only"), "\(result.lines)")
        if getuid() == 0 { #expect(result.lines.contains("uid=65534"), "a root server's containers run as nobody: \(result.lines)") }
        let written = try String(contentsOf: fixture.job.appendingPathComponent("workspace/here.txt"), encoding: .utf8)
        #expect(written == "written\n", "the job directory is mounted at its own path, writable")

        // No value is ever on podman's command line (`ps` would show it).
        let arguments = fixture.backend.arguments(for: command, image: TinyImage.reference, name: "n", envOptions: ["--env", "TOKEN"], envFile: nil)
        #expect(!arguments.joined(separator: " ").contains(secret))
        for flag in ["--cap-drop", "--read-only", "--pids-limit", "--rm", "no-new-privileges"] { #expect(arguments.contains(flag), "\(flag)") }
        #expect(!arguments.contains { $0.contains("\(fixture.data.path):") && !$0.hasPrefix(fixture.job.path) }, "the data directory is never mounted")
        #expect(try TinyImage.containers(label: fixture.owner).isEmpty, "--rm leaves nothing")
    }

    @Test func failingStepReturnsItsExitCode() async throws {
        _ = try await TinyImage.ensure()
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try await fixture.run(fixture.command("echo about to fail; exit 7"))
        #expect(result.code == 7)
        #expect(result.lines.contains("about to fail"))
        #expect(try TinyImage.containers(label: fixture.owner).isEmpty)
    }

    /// A script written for bash runs with the image's `sh` when the image has no bash.
    @Test func bashScriptRunsWithShInAnImageWithoutBash() async throws {
        _ = try await TinyImage.ensure()
        let fixture = try Fixture()
        defer { fixture.remove() }
        let script = fixture.job.appendingPathComponent("step.sh")
        try "echo script-ran-with-$0\nexit 3\n".write(to: script, atomically: true, encoding: .utf8)
        var command = fixture.command("")
        command.executable = "/bin/bash"
        command.arguments = [script.path]
        let result = try await fixture.run(command)
        #expect(result.code == 3, "\(result.lines)")
        #expect(result.lines.contains { $0.hasPrefix("script-ran-with-") }, "\(result.lines)")
    }

    @Test func cancelRemovesTheContainer() async throws {
        _ = try await TinyImage.ensure()
        let fixture = try Fixture()
        defer { fixture.remove() }
        let lines = Lines()
        let running = Task { try await fixture.run(fixture.command("echo started; sleep 300"), lines: lines) }
        for _ in 0..<300 where !(await lines.contains("started")) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(await lines.contains("started"))
        #expect(try TinyImage.containers(label: fixture.owner).count == 1, "the job runs in one labelled container")
        running.cancel()
        let outcome = await running.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(try TinyImage.containers(label: fixture.owner).isEmpty, "cancel removes the container")
    }

    @Test func badImageReferenceFailsWithTheReason() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        await #expect(throws: ContainerUnavailable.self) { try await fixture.run(fixture.command("true", image: "--privileged")) }
        await #expect(throws: ContainerUnavailable.self) { try await fixture.run(fixture.command("true", image: "a b")) }
    }

    /// A server killed mid-job (its podman client gone with it) leaves the container running;
    /// the next start of a backend on the same data directory removes it.
    @Test func leftoversOfAnEarlierRunAreRemovedAtStart() async throws {
        _ = try await TinyImage.ensure()
        let fixture = try Fixture()
        defer { fixture.remove() }
        let lines = Lines()
        let client = Client()
        let running = Task {
            try await fixture.backend.run(
                fixture.command("echo started; sleep 300"), onStart: { await client.set($0) }, onLine: { await lines.append($0) })
        }
        for _ in 0..<300 where !(await lines.contains("started")) { try await Task.sleep(for: .milliseconds(100)) }
        let pid = try #require(await client.pid)
        kill(pid, SIGKILL)
        _ = await running.result
        #expect(try TinyImage.containers(label: fixture.owner).count == 1, "the container outlives its killed client")
        let restarted = try ContainerBackend(dataDirectory: fixture.data)
        await restarted.removeLeftovers()
        #expect(try TinyImage.containers(label: fixture.owner).isEmpty)
    }

    /// The podman client's process id.
    actor Client {
        var pid: Int32?
        func set(_ pid: Int32) { self.pid = pid }
    }

    /// A directory of image archives: one loaded (imported) the first time a job asks for it.
    @Test func imageFromALocalArchiveIsLoadedOnce() async throws {
        let name = "slipway-archive-\(UUID().uuidString.prefix(8).lowercased())"
        let archive = try TinyImage.rootFilesystemArchive(named: name)
        defer {
            try? FileManager.default.removeItem(at: archive.deletingLastPathComponent())
            _ = try? TinyImage.podmanCommand(["rmi", "-f", "localhost/\(name):latest"])
        }
        let fixture = try Fixture(archives: archive.deletingLastPathComponent())
        defer { fixture.remove() }
        let first = try await fixture.run(fixture.command("echo from-archive", image: "localhost/\(name):latest"))
        #expect(first.code == 0, "\(first.lines)")
        #expect(first.lines.contains("from-archive"))
        try FileManager.default.removeItem(at: archive)
        let second = try await fixture.run(fixture.command("echo again", image: "localhost/\(name):latest"))
        #expect(second.lines.contains("again"), "loaded once, kept: \(second.lines)")
    }
}
