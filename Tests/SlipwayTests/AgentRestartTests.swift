import Foundation
import Testing

/// The server killed with `kill -9` and restarted while a real `slipway agent` runs a job.
@Suite(.serialized) struct AgentRestartTests {
    /// The agent keeps running the job across the restart and re-attaches; the job's log has every
    /// line once and in order (those printed while the server was down too), the command ran once,
    /// the job's next step and the next stage run, and the task passes.
    @Test func aJobOnAnAgentSurvivesAServerKilledAndRestarted() async throws {
        let cluster = try await AgentCluster(lease: 4)
        let (agent, _) = try await cluster.startAgent("steady", labels: "linux")
        let gate = cluster.root + "/go"
        let runs = cluster.root + "/runs"
        let waiting = """
            echo started >> \(runs); for i in $(seq 1 300); do echo before-$i; done
            n=0; while [ ! -e \(gate) ]; do n=$((n+1)); echo tick-$n; sleep 0.1; done
            for i in $(seq 1 300); do echo after-$i; done
            """
        let job = """
            {"name":"survivor","type":"freestyle","spec":{"properties":{"timeout":5,"vm_labels":["linux"]},"steps":[
              {"name":"wait","type":"shell","spec":{"script":\(Self.quoted(waiting))}},
              {"name":"next","type":"shell","spec":{"script":"echo second-step; echo yes > $SLIPWAY_OUTPUTS_DIR/RESUMED"}}]}}
            """
        let id = try await cluster.run("restart", stages: [[job], [AgentCluster.job("after", "echo got={{.job.survivor.output.RESUMED}}")]])
        try await cluster.waitForLog("restart", id, job: "survivor", containing: "tick-3")
        try await cluster.crashAndRestart()
        // Lines printed while the server was away arrive once it is back and has taken the job up.
        let ticksBefore = try await Self.ticks(cluster, id).count
        let deadline = Date().addingTimeInterval(20)
        while try await Self.ticks(cluster, id).count < ticksBefore + 5, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        FileManager.default.createFile(atPath: gate, contents: Data())
        let task = try await cluster.waitFor("restart", id, seconds: 40)
        #expect(task["status"].string == "passed", "\(task) \(agent.text)")

        let log = try await cluster.log("restart", id, job: "survivor")
        let lines = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.filter { $0.hasPrefix("before-") } == (1...300).map { "before-\($0)" })
        #expect(lines.filter { $0.hasPrefix("after-") } == (1...300).map { "after-\($0)" })
        let ticks = lines.filter { $0.hasPrefix("tick-") }
        #expect(!ticks.isEmpty && ticks == (1...ticks.count).map { "tick-\($0)" }, "\(ticks)")
        #expect(lines.filter { $0.hasPrefix("=== step wait") }.count == 1, "\(log)")
        #expect(lines.filter { $0 == "second-step" }.count == 1, "\(log)")
        // The command ran once: the agent was never asked to run it again.
        #expect((try? String(contentsOfFile: runs, encoding: .utf8)) == "started\n")
        #expect(try await cluster.log("restart", id, job: "after").contains("got=yes"))
        #expect(agent.text.components(separatedBy: "agent steady connected").count == 3, "\(agent.text)")
        try await cluster.stop()
    }

    /// An agent that does not come back after the restart: its lease expires and the job fails
    /// with that reason; the task ends.
    @Test func aJobWhoseAgentDoesNotComeBackFailsWhenItsLeaseExpires() async throws {
        let cluster = try await AgentCluster(lease: 2)
        let (agent, _) = try await cluster.startAgent("gone", labels: "linux")
        let id = try await cluster.run("vanished", stages: [[AgentCluster.job("long", "echo started; sleep 60", labels: ["linux"])]])
        try await cluster.waitForLog("vanished", id, job: "long", containing: "started")
        agent.signal(SIGKILL)
        try await cluster.crashAndRestart()
        let task = try await cluster.waitFor("vanished", id, seconds: 30)
        #expect(task["status"].string == "failed")
        #expect("\(task)".contains("agent gone lost: lease expired"), "\(task)")
        try await cluster.stop()
    }

    static func ticks(_ cluster: AgentCluster, _ id: Int) async throws -> [Substring] {
        try await cluster.log("restart", id, job: "survivor").split(separator: "\n").filter { $0.hasPrefix("tick-") }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
