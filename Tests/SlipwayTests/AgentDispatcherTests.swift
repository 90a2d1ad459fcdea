import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// The server side of the agent protocol: claims, leases, sticky jobs, log batch acknowledgement.
@Suite struct AgentDispatcherTests {
    /// Lines a command logged, in order.
    actor Lines {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }

    static func agent(_ id: Int64, _ name: String, labels: [String]) -> Agent {
        Agent(id: id, name: name, labels: labels, createdAt: 0)
    }

    /// A command of a fresh job directory (or of `directory`, for a later command of the same job).
    static func work(_ directory: URL? = nil) throws -> AgentWork {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("agent-job-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("outputs"), withIntermediateDirectories: true)
        let command = JobCommand(
            "/bin/echo", arguments: ["hi"], environment: [:], workingDirectory: directory.path, jobDirectory: directory.path,
            placement: JobPlacement(labels: ["linux"]))
        return try AgentBackend.work(for: command)
    }

    static func finish(_ code: Int32, batches: Int = 0) -> AgentFinish {
        AgentFinish(exitCode: code, error: nil, batches: batches, files: [])
    }

    @Test func logBatchesResentAfterLostAnswersAreNeitherLostNorDoubled() async throws {
        let dispatcher = AgentDispatcher()
        _ = await dispatcher.connect(Self.agent(1, "a", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        let lines = Lines()
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: ["linux"], onLine: { await lines.add($0) }) }
        let claimed = try #require(await dispatcher.claim(agentID: 1)?.work)
        // Every third answer is lost after the server took the batch, every fifth request before it.
        let attempts = Counter()
        let uplink = LogUplink(batchSize: 7, retryDelay: .milliseconds(1)) { batch in
            let attempt = await attempts.next()
            if attempt % 5 == 4 { throw URLError(.networkConnectionLost) }
            _ = try await dispatcher.appendLogs(agentID: 1, lease: claimed.lease, batch: batch)
            if attempt % 3 == 2 { throw URLError(.networkConnectionLost) }
        }
        for n in 1...1000 { await uplink.append("line \(n)") }
        await uplink.flush()
        _ = try await dispatcher.finish(agentID: 1, lease: claimed.lease, Self.finish(0, batches: await uplink.batches))
        #expect(try await run.value == 0)
        #expect(await lines.lines == (1...1000).map { "line \($0)" })
        #expect(await attempts.value > 143, "some batches were sent more than once")
    }

    @Test func aBatchAfterAGapAndAnEarlyFinishAreRefused() async throws {
        let dispatcher = AgentDispatcher()
        _ = await dispatcher.connect(Self.agent(1, "a", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: ["linux"], onLine: { _ in }) }
        let lease = try #require(await dispatcher.claim(agentID: 1)?.work).lease
        await #expect(throws: AgentLogGap(next: 0)) {
            try await dispatcher.appendLogs(agentID: 1, lease: lease, batch: AgentLogBatch(sequence: 1, lines: ["x"]))
        }
        await #expect(throws: AgentLogGap(next: 0)) { try await dispatcher.finish(agentID: 1, lease: lease, Self.finish(0, batches: 1)) }
        // Another agent cannot speak for the lease.
        _ = await dispatcher.connect(Self.agent(2, "b", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        await #expect(throws: AgentProtocolError.self) { try await dispatcher.finish(agentID: 2, lease: lease, Self.finish(0)) }
        _ = try await dispatcher.finish(agentID: 1, lease: lease, Self.finish(7))
        #expect(try await run.value == 7)
    }

    @Test func aLeaseNotRenewedFailsItsCommandWithTheReason() async throws {
        let dispatcher = AgentDispatcher(settings: .init(leaseDuration: .milliseconds(300), pollHold: .milliseconds(100)))
        _ = await dispatcher.connect(Self.agent(1, "lost-one", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: ["linux"], onLine: { _ in }) }
        #expect(await dispatcher.claim(agentID: 1)?.work != nil)
        await #expect(throws: AgentProtocolError("agent lost-one lost: lease expired")) { try await run.value }
    }

    @Test func claimsGoOnlyToAgentsCarryingEveryLabel() async throws {
        let dispatcher = AgentDispatcher(settings: .init(leaseDuration: .seconds(30), pollHold: .milliseconds(200)))
        _ = await dispatcher.connect(Self.agent(1, "a", labels: []), hello: AgentHello(labels: ["linux", "big"], capacity: 1, executor: "host", version: "t"))
        _ = await dispatcher.connect(Self.agent(2, "b", labels: ["arm"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        #expect(await dispatcher.waitingReason(labels: ["linux", "big"]) == nil)
        #expect(await dispatcher.waitingReason(labels: ["gpu"]) == "waiting for an agent with labels gpu")
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: ["linux", "big"], onLine: { _ in }) }
        try await Task.sleep(for: .milliseconds(20))
        #expect(await dispatcher.claim(agentID: 2)?.work == nil, "the arm agent gets nothing")
        let claimed = try #require(await dispatcher.claim(agentID: 1)?.work)
        #expect(await dispatcher.states()[1]?.busy == true)
        _ = try await dispatcher.finish(agentID: 1, lease: claimed.lease, Self.finish(0))
        #expect(try await run.value == 0)
    }

    @Test func aHeldClaimWakesForNewWorkAndForACancel() async throws {
        let dispatcher = AgentDispatcher(settings: .init(leaseDuration: .seconds(30), pollHold: .seconds(60)))
        _ = await dispatcher.connect(Self.agent(1, "a", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 2, executor: "host", version: "t"))
        let held = Task { await dispatcher.claim(agentID: 1) }
        try await Task.sleep(for: .milliseconds(50))
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: ["linux"], onLine: { _ in }) }
        let woken = try #require(await held.value)
        #expect(woken.work?.lease == work.lease, "a held claim returns the new command (its hold is a minute)")
        let next = Task { await dispatcher.claim(agentID: 1, running: [work.lease]) }
        try await Task.sleep(for: .milliseconds(50))
        run.cancel()
        let cancelled = try #require(await next.value)
        #expect(cancelled.cancel == [work.lease])
        await #expect(throws: CancellationError.self) { try await run.value }
        // The agent's late finish is taken and ignored.
        _ = try await dispatcher.finish(agentID: 1, lease: work.lease, Self.finish(143))
    }

    @Test func aCommandWhoseClaimAnswerWasLostGoesToTheNextClaim() async throws {
        let dispatcher = AgentDispatcher(settings: .init(leaseDuration: .seconds(30), pollHold: .milliseconds(200)))
        _ = await dispatcher.connect(Self.agent(1, "a", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: ["linux"], onLine: { _ in }) }
        #expect(await dispatcher.claim(agentID: 1)?.work?.lease == work.lease)
        // The answer never reached the agent: its next claim does not list the lease, and gets it again.
        #expect(await dispatcher.claim(agentID: 1, running: [])?.work?.lease == work.lease)
        _ = try await dispatcher.finish(agentID: 1, lease: work.lease, Self.finish(0))
        #expect(try await run.value == 0)
    }

    @Test func commandsOfOneJobStickToTheAgentOfItsFirstCommand() async throws {
        let dispatcher = AgentDispatcher(settings: .init(leaseDuration: .seconds(30), pollHold: .milliseconds(200)))
        for id: Int64 in [1, 2] {
            _ = await dispatcher.connect(
                Self.agent(id, "a\(id)", labels: ["linux"]), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        }
        let first = try Self.work()
        let directory = URL(fileURLWithPath: first.jobDirectory)
        let run1 = Task { try await dispatcher.run(first, labels: ["linux"], onLine: { _ in }) }
        let claimed = try #require(await dispatcher.claim(agentID: 2)?.work)
        // The agent sends outputs back with its finish; they land in the server's job directory.
        _ = try await dispatcher.finish(
            agentID: 2, lease: claimed.lease,
            AgentFinish(exitCode: 0, error: nil, batches: 0, files: [AgentFile(path: "outputs/VERSION", data: Data("1.2".utf8))]))
        #expect(try await run1.value == 0)
        #expect(try String(contentsOf: directory.appendingPathComponent("outputs/VERSION"), encoding: .utf8) == "1.2")
        let second = try Self.work(directory)
        #expect(second.job == first.job)
        let run2 = Task { try await dispatcher.run(second, labels: ["linux"], onLine: { _ in }) }
        try await Task.sleep(for: .milliseconds(20))
        #expect(await dispatcher.claim(agentID: 1)?.work == nil, "agent 1 does not get the job's second command")
        let again = try #require(await dispatcher.claim(agentID: 2)?.work)
        _ = try await dispatcher.finish(agentID: 2, lease: again.lease, Self.finish(0))
        #expect(try await run2.value == 0)
        // Once the server removes the job directory, the agent is told to drop its copy.
        try FileManager.default.removeItem(at: directory)
        #expect(await dispatcher.claim(agentID: 2)?.drop == [first.job])
    }

    @Test func filesFromAnAgentStayInsideTheJobDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for path in ["../escape", "workspace/x", "outputs/../../x", "/etc/passwd", "", ".slipway-agent-job"] {
            #expect(AgentJobFiles.accept([AgentFile(path: path, data: Data("x".utf8))], into: directory) != nil, "\(path)")
        }
        #expect(AgentJobFiles.accept([AgentFile(path: ".step.sh", data: Data("echo".utf8))], into: directory) == nil)
    }

    actor Counter {
        var value = 0
        func next() -> Int {
            defer { value += 1 }
            return value
        }
    }

    /// Each agent carries its own machine label (what CODING CD stages on an agent machine ask
    /// for); one an agent reports for itself is dropped, so no agent takes another's work.
    @Test func onlyTheNamedMachineTakesWorkForItsMachineLabel() async throws {
        let dispatcher = AgentDispatcher(settings: .init(leaseDuration: .seconds(30), pollHold: .milliseconds(100)))
        let hello = AgentHello(labels: ["linux", Agent.machineLabel(1)], capacity: 1, executor: "host", version: "t")
        _ = await dispatcher.connect(Self.agent(2, "impostor", labels: ["linux"]), hello: hello)
        let labels = [Agent.machineLabel(1)]
        #expect(await dispatcher.waitingReason(labels: labels) == "waiting for agent machine 1 to connect")
        let work = try Self.work()
        let run = Task { try await dispatcher.run(work, labels: labels, onLine: { _ in }) }
        #expect(await dispatcher.claim(agentID: 2)?.work == nil)
        _ = await dispatcher.connect(Self.agent(1, "named", labels: []), hello: AgentHello(labels: [], capacity: 1, executor: "host", version: "t"))
        #expect(await dispatcher.waitingReason(labels: labels) == nil)
        let claimed = try #require(await dispatcher.claim(agentID: 1)?.work)
        #expect(claimed.lease == work.lease)
        _ = try await dispatcher.finish(agentID: 1, lease: claimed.lease, Self.finish(0))
        #expect(try await run.value == 0)
    }
}
