import Foundation
import Testing

/// Jobs asking for `vm_labels` run on real `slipway agent` processes over loopback.
@Suite(.serialized) struct AgentEndToEndTests {
    /// Each job runs on the agent carrying its labels; logs, exit codes and outputs come back,
    /// and a job without labels still runs on the server.
    @Test func twoAgentsWithDifferentLabelsEachRunOnlyTheirJobs() async throws {
        let cluster = try await AgentCluster()
        let (linux, linuxDir) = try await cluster.startAgent("builder-linux", labels: "linux,big")
        let (arm, armDir) = try await cluster.startAgent("builder-arm", labels: "arm")
        let id = try await cluster.run(
            "labels",
            stages: [
                [
                    AgentCluster.job("linuxjob", "echo ran in $PWD; echo linux-out > $SLIPWAY_OUTPUTS_DIR/WHERE", labels: ["linux"]),
                    AgentCluster.job("armjob", "echo ran in $PWD; seq 1 1000", labels: ["arm"]),
                ],
                [AgentCluster.job("serverjob", "echo got {{.job.linuxjob.output.WHERE}}")],
            ])
        let task = try await cluster.waitFor("labels", id)
        #expect(task["status"].string == "passed", "\(task)")
        let linuxLog = try await cluster.log("labels", id, job: "linuxjob")
        #expect(linuxLog.contains("ran in \(linuxDir)/jobs/"), "\(linuxLog)")
        let armLog = try await cluster.log("labels", id, job: "armjob")
        #expect(armLog.contains("ran in \(armDir)/jobs/"), "\(armLog)")
        // 1,000 lines, each exactly once and in order.
        let numbers = armLog.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(numbers == Array(1...1000))
        // The output the agent wrote came back to the server for the next stage.
        #expect(try await cluster.log("labels", id, job: "serverjob").contains("got linux-out"))
        #expect(linux.text.contains("exited with code 0") && arm.text.contains("exited with code 0"))

        // A failing command's exit code comes back as the job's error.
        let failing = try await cluster.run("fails", stages: [[AgentCluster.job("bad", "echo before; exit 3", labels: ["arm"])]])
        let failed = try await cluster.waitFor("fails", failing)
        #expect(failed["status"].string == "failed")
        #expect("\(failed)".contains("script exited with code 3"), "\(failed)")
        #expect(try await cluster.log("fails", failing, job: "bad").contains("before"))

        // The admin API lists both agents as online, with their labels and version.
        let list = JSON(try await cluster.call("GET", "/api/slipway/agents").body)
        let names = list["agents"].array.compactMap { $0["name"].string }
        #expect(Set(names) == ["builder-linux", "builder-arm"])
        #expect(list["agents"].array.allSatisfy { $0["online"].bool == true && !($0["version"].string ?? "").isEmpty })
        try await cluster.stop()
    }

    /// An agent with the bubblewrap sandbox runs its job's commands confined to its job directory:
    /// two steps of one job share the agent's workspace, and outputs come back.
    @Test func aSandboxedAgentRunsEveryStepOfAJobInOneWorkspace() async throws {
        let cluster = try await AgentCluster()
        let (agent, _) = try await cluster.startAgent("boxed", labels: "linux", executor: "sandbox")
        let steps = """
            {"name":"twostep","type":"freestyle","spec":{"properties":{"timeout":5,"vm_labels":["linux"]},"steps":[
              {"name":"write","type":"shell","spec":{"script":"echo made > kept.txt; id -un"}},
              {"name":"read","type":"shell","spec":{"script":"cat kept.txt; cat kept.txt > $SLIPWAY_OUTPUTS_DIR/KEPT; touch /etc/escape || echo confined"}}]}}
            """
        let id = try await cluster.run("boxed", stages: [[steps], [AgentCluster.job("after", "echo kept={{.job.twostep.output.KEPT}}")]])
        let task = try await cluster.waitFor("boxed", id)
        #expect(task["status"].string == "passed", "\(task["error"]) \(agent.text)")
        let log = try await cluster.log("boxed", id, job: "twostep")
        #expect(log.contains("made") && log.contains("confined") && log.contains("nobody"), "\(log)")
        #expect(try await cluster.log("boxed", id, job: "after").contains("kept=made"))
        try await cluster.stop()
    }

    /// A job asking for labels no agent carries waits with a `pending_reason` naming them; cancel ends it.
    @Test func aJobForUnknownLabelsWaitsWithAReasonNamingThem() async throws {
        let cluster = try await AgentCluster()
        let (_, _) = try await cluster.startAgent("plain", labels: "linux")
        let id = try await cluster.run("nogpu", stages: [[AgentCluster.job("train", "echo never", labels: ["gpu", "big"])]])
        let waiting = try await cluster.waitFor("nogpu", id, seconds: 20) { ($0["pending_reason"].string ?? "").contains("gpu,big") }
        #expect(waiting["status"].string == "running", "\(waiting)")
        #expect(waiting["pending_reason"].string == "waiting for an agent with labels gpu,big")
        let cancel = try await cluster.call("DELETE", "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=nogpu")
        #expect(cancel.status == 200, "\(cancel.body)")
        let ended = try await cluster.waitFor("nogpu", id)
        #expect(ended["status"].string == "cancelled")
        #expect(ended["pending_reason"].string == "")
        try await cluster.stop()
    }

    /// An agent killed mid-job: its lease expires and the job fails with that reason; the task ends.
    @Test func anAgentKilledMidJobFailsTheJobWithTheLeaseReason() async throws {
        let cluster = try await AgentCluster(lease: 2.5)
        let (agent, _) = try await cluster.startAgent("doomed", labels: "linux")
        let id = try await cluster.run("killed", stages: [[AgentCluster.job("long", "echo started; sleep 60", labels: ["linux"])]])
        try await cluster.waitForLog("killed", id, job: "long", containing: "started")
        agent.signal(SIGKILL)
        let task = try await cluster.waitFor("killed", id)
        #expect(task["status"].string == "failed")
        #expect("\(task)".contains("agent doomed lost: lease expired"), "\(task)")
        try await cluster.stop()
    }

    /// An agent killed mid-job under `error_policy: retry`: the lease expires, the job is retried
    /// as the policy says, the retry runs on another agent carrying the labels, and the task passes.
    @Test func aLostAgentsJobIsRetriedAsItsErrorPolicySays() async throws {
        let cluster = try await AgentCluster(lease: 2.5)
        let (first, _) = try await cluster.startAgent("lost", labels: "linux")
        let job = AgentCluster.job(
            "flaky", "echo started; sleep 8; echo finished", labels: ["linux"], errorPolicy: #"{"policy":"retry","maximum_retry":1}"#)
        let id = try await cluster.run("retried", stages: [[job]])
        try await cluster.waitForLog("retried", id, job: "flaky", containing: "started")
        first.signal(SIGKILL)
        let (spare, _) = try await cluster.startAgent("spare", labels: "linux")
        let task = try await cluster.waitFor("retried", id, seconds: 60)
        #expect(spare.isRunning, "the retry ran on the spare agent")
        #expect(task["status"].string == "passed", "\(task)")
        let log = try await cluster.log("retried", id, job: "flaky")
        #expect(log.contains("agent lost lost: lease expired"), "\(log)")
        #expect(log.contains("retry 1 of 1"), "\(log)")
        #expect(log.contains("finished"), "\(log)")
        try await cluster.stop()
    }

    /// Cancelling the task stops the command on the agent.
    @Test func cancelDuringAJobReachesTheAgent() async throws {
        let cluster = try await AgentCluster()
        let (agent, _) = try await cluster.startAgent("stoppable", labels: "linux")
        let marker = Int.random(in: 100_000...999_999)
        let id = try await cluster.run("cancel", stages: [[AgentCluster.job("long", "echo started; sleep \(marker)", labels: ["linux"])]])
        try await cluster.waitForLog("cancel", id, job: "long", containing: "started")
        let cancel = try await cluster.call("DELETE", "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=cancel")
        #expect(cancel.status == 200, "\(cancel.body)")
        let task = try await cluster.waitFor("cancel", id)
        #expect(task["status"].string == "cancelled")
        _ = try await agent.waitFor("cancelled by the server", seconds: 5)
        // The process on the agent is gone.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, Self.processRunning("sleep \(marker)") { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!Self.processRunning("sleep \(marker)"))
        try await cluster.stop()
    }

    /// A disabled agent is refused: the running agent process stops.
    @Test func aDisabledAgentIsRefused() async throws {
        let cluster = try await AgentCluster()
        let (agent, _) = try await cluster.startAgent("retired", labels: "linux")
        // An unknown token, or a user's token, is not an agent's.
        #expect(try await cluster.call("POST", "/api/slipway/agent/claim", "{}", token: "slw_not-an-agent-token").status == 401)
        #expect(try await cluster.call("POST", "/api/slipway/agent/claim", "{}").status == 401)
        let list = JSON(try await cluster.call("GET", "/api/slipway/agents").body)
        let id = try #require(list["agents"][0]["id"].int)
        let disabled = try await cluster.call("POST", "/api/slipway/agents/\(id)/disable")
        #expect(disabled.status == 200, "\(disabled.body)")
        #expect(JSON(disabled.body)["agent"]["enabled"].bool == false)
        #expect(try await agent.waitForExit(seconds: 10), "the agent stops once refused")
        #expect(agent.text.contains("403"), "\(agent.text)")
        try await cluster.stop()
    }

    /// 1,000 lines through a proxy that loses the first answer to every log batch and finish:
    /// each batch is sent again and taken once, so no line is lost or doubled.
    @Test func logLinesAcrossLostAnswersAreNeitherLostNorDoubled() async throws {
        let cluster = try await AgentCluster()
        try await withLossyProxy(upstream: cluster.base) { proxy, state in
            let (agent, _) = try await cluster.startAgent("flaky", labels: "linux", via: proxy)
            let script = "for i in $(seq 1 1000); do echo line-$i; if [ $((i % 100)) = 0 ]; then sleep 0.05; fi; done"
            let id = try await cluster.run("lossy", stages: [[AgentCluster.job("chatty", script, labels: ["linux"])]])
            let task = try await cluster.waitFor("lossy", id)
            #expect(task["status"].string == "passed", "\(agent.text)")
            let lines = try await cluster.log("lossy", id, job: "chatty").split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("line-") }
            #expect(lines == (1...1000).map { "line-\($0)" })
            #expect(await state.lost >= 2, "answers were lost (at least one batch and the finish)")
        }
        try await cluster.stop()
    }

    static func processRunning(_ commandLine: String) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { pid in
            guard Int(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces) == commandLine
        }
    }
}
