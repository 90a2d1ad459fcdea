import Foundation
import SlipwayEngine
import SlipwayProcesses
import Subprocess
import Testing

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Children's output and input go through pipes the server reads and writes itself
/// (`ChildPipe`): every line arrives in order, a large input is written whole, and a process the
/// child left behind does not hold the run open.
@Suite struct ChildPipeTests {
    actor Seen {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }

    static let directory = FileManager.default.temporaryDirectory.path

    @Test func aProcesssLinesArriveWholeAndInOrder() async throws {
        let seen = Seen()
        let code = try await ProcessRunner().run(
            "/bin/sh", arguments: ["-c", "printf 'a\\r\\nb\\rc'; echo; seq 1 20000; printf 'tail'; exit 3"], environment: [:],
            workingDirectory: Self.directory
        ) { await seen.add($0) }
        #expect(code == 3)
        let lines = await seen.lines
        #expect(lines.count == 3 + 20000 + 1)
        #expect(Array(lines.prefix(4)) == ["a", "b", "c", "1"])
        #expect(lines[3 + 19999] == "20000" && lines.last == "tail")
    }

    @Test func aProcessLeftBehindDoesNotHoldTheRun() async throws {
        let seen = Seen()
        let start = ContinuousClock.now
        let code = try await ProcessRunner().run(
            "/bin/sh", arguments: ["-c", "sleep 6 & echo started"], environment: [:], workingDirectory: Self.directory
        ) { await seen.add($0) }
        #expect(code == 0)
        #expect(await seen.lines == ["started"])
        #expect(ContinuousClock.now - start < .seconds(4), "the run waited for the process left behind")
    }

    @Test func aProcessLeftBehindThatWritesWithoutPauseDoesNotHoldTheRun() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-yes-\(UUID().uuidString)")
        defer {
            if let pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                kill(pid, SIGKILL)
            }
            try? FileManager.default.removeItem(at: pidFile)
        }
        let seen = Seen()
        let start = ContinuousClock.now
        let code = try await ProcessRunner().run(
            "/bin/sh", arguments: ["-c", "yes left-behind & echo $! > '\(pidFile.path)'; sleep 0.2"], environment: [:],
            workingDirectory: Self.directory
        ) { await seen.add($0) }
        #expect(code == 0)
        #expect(ContinuousClock.now - start < .seconds(10), "the run read the left-behind writer's output without end")
        #expect(await seen.lines.allSatisfy { $0 == "left-behind" || $0.isEmpty || "left-behind".hasPrefix($0) })
    }

    /// A cancelled run still reads what the process writes while it is being stopped (a trap's
    /// last words), until it has ended.
    @Test func aCancelledRunKeepsTheLinesWrittenWhileItStops() async throws {
        let seen = Seen()
        let run = Task {
            try await ProcessRunner(gracePeriod: .seconds(5)).run(
                "/bin/sh", arguments: ["-c", "trap 'echo stopping; sleep 0.3; echo stopped; exit 0' TERM; echo started; sleep 30 & wait"],
                environment: [:], workingDirectory: Self.directory
            ) { await seen.add($0) }
        }
        for _ in 0..<100 where await seen.lines.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await seen.lines == ["started"])
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(await seen.lines == ["started", "stopping", "stopped"])
    }

    /// Without a pidfd (kernels before 5.3 have none) a wait watches the pipe alone.
    @Test func aWaitWithoutAPidfdWatchesThePipeAlone() async throws {
        var ends: [CInt] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let wait = Task { await PipeWatcher.shared.ready(readEnd, for: PipeWatcher.readable, orEndOf: -1) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(write(writeEnd, "x", 1) == 1)
        #expect(await wait.value == readEnd)
        #expect(await PipeWatcher.shared.ready(writeEnd, for: PipeWatcher.writable, orEndOf: -1) == writeEnd)
    }

    /// A child's output and error output read at once: both waits watch its pidfd (epoll takes
    /// the second as a duplicate), and neither ends before its pipe has its text.
    @Test func aChildsOutputAndErrorAreReadAtOnce() async throws {
        let output = try ChildPipe(childReads: false), errors = try ChildPipe(childReads: false)
        let result = try await Subprocess.run(
            .path("/bin/sh"), arguments: ["-c", "sleep 0.2; echo out; sleep 0.1; echo err >&2"], input: .none,
            output: .fileDescriptor(output.childEnd, closeAfterSpawningProcess: true),
            error: .fileDescriptor(errors.childEnd, closeAfterSpawningProcess: true)
        ) { execution in
            async let stderr = errors.readAll(of: execution.processIdentifier, limit: 1 << 10)
            let stdout = try await output.readAll(of: execution.processIdentifier, limit: 1 << 10)
            return (stdout, try await stderr)
        }
        #expect(result.terminationStatus.isSuccess)
        #expect(result.closureResult.0 == Array("out\n".utf8))
        #expect(result.closureResult.1 == Array("err\n".utf8))
    }

    /// Output longer than the limit: nil as soon as that is known, and the child, which would
    /// otherwise write on, is killed.
    @Test func anOutputOverTheLimitEndsTheChild() async throws {
        let output = try ChildPipe(childReads: false)
        let start = ContinuousClock.now
        let result = try await Subprocess.run(
            .path("/bin/sh"), arguments: ["-c", "yes"], input: .none,
            output: .fileDescriptor(output.childEnd, closeAfterSpawningProcess: true), error: .discarded
        ) { execution in
            try await output.readAll(of: execution.processIdentifier, limit: 1 << 20)
        }
        #expect(result.closureResult == nil)
        #expect(result.terminationStatus == .signaled(SIGKILL))
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func aWaitingProcessGetsAnInputLargerThanAPipeHolds() async throws {
        let (assignments, assign) = AsyncStream.makeStream(of: WaitingAssignment.self)
        let seen = Seen()
        assign.yield(WaitingAssignment(input: [UInt8](repeating: 0x61, count: 1 << 20), onStart: { _ in }, onLine: { await seen.add($0) }))
        assign.finish()
        let code = try await ProcessRunner().runWaiting("/bin/sh", arguments: ["-c", "wc -c"], workingDirectory: Self.directory, assignments: assignments)
        #expect(code == 0)
        #expect(await seen.lines.map { $0.trimmingCharacters(in: .whitespaces) } == ["1048576"])
    }

    @Test func anInputTheProcessNeverReadsIsNotWritten() async throws {
        let (assignments, assign) = AsyncStream.makeStream(of: WaitingAssignment.self)
        let started = Seen()
        assign.yield(WaitingAssignment(input: [UInt8](repeating: 0x61, count: 1 << 20), onStart: { _ in await started.add("started") }, onLine: { _ in }))
        assign.finish()
        let code = try await ProcessRunner().runWaiting("/bin/sh", arguments: ["-c", "exit 3"], workingDirectory: Self.directory, assignments: assignments)
        #expect(code == nil, "nothing of the assignment ran")
        #expect(await started.lines.isEmpty)
    }
}
