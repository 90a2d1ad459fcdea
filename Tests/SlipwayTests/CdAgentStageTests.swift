import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// CODING CD pipelines on agent machines (issue 15.2), on both stores, with a real `slipway
/// agent` process on loopback: a `script` stage runs on its agent machine with the trigger's
/// parameters as data and its log in the execution; a failing script fails the execution with
/// the reason and stops the stages after it; a `deployHostserver` stage whose host server group
/// names an agent machine waits for that machine and deploys from it to a real sshd.
@Suite(.serialized) struct CdAgentStageTests {
    /// `text` as a JSON string.
    static func quote(_ text: String) -> String { String(decoding: try! JSONEncoder().encode(text), as: UTF8.self) }

    /// A CODING action as the administrator; its `Response`.
    static func coding(_ app: Harness, _ action: String, _ body: String) async throws -> JSON {
        try await app.call(.post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: body).json["Response"]
    }

    /// A real agent process registered as agent machine `agent.id`.
    static func startAgent(_ app: Harness, name: String) async throws -> (agent: Agent, process: ServerProcess, workDir: String) {
        let (token, agent) = try await app.store.agents.issue(name: name, labels: ["cd"])
        let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("cd-agent-\(UUID().uuidString)").path
        let process = try ServerProcess(
            ["agent", "--server", try #require(app.baseURL), "--labels", "cd", "--executor", "host", "--work-dir", workDir],
            environment: ["SLIPWAY_AGENT_TOKEN": token])
        _ = try await process.waitFor("agent \(name) connected")
        return (agent, process, workDir)
    }

    static func stop(_ process: ServerProcess, _ workDir: String) async throws {
        process.signal(SIGTERM)
        _ = try await process.waitForExit(seconds: 10)
        try? FileManager.default.removeItem(atPath: workDir)
    }

    /// An application bound to project `cd-home`, and pipeline `name` of `stages` in it.
    static func pipeline(_ app: Harness, _ application: String, name: String, stages: String) async throws {
        let content = #"{"job":[{"type":"createApplication","application":{"name":"\#(application)","cloudProviders":"hostserver"}}]}"#
        if try await app.store.cdApplications.get(name: application) == nil {
            _ = try await coding(app, "CreateCdTask", #"{"TaskJsonContent":\#(Self.quote(content))}"#)
            try await app.makeProject("cd-home")
            let bound = try await coding(app, "BindCdApplicationToProject", #"{"ProjectName":"cd-home","Application":"\#(application)"}"#)
            #expect(bound["Error"]["Code"].string == nil, "\(bound)")
        }
        let json = #"{"application":"\#(application)","name":"\#(name)","stages":\#(stages),"triggers":[]}"#
        let saved = try await coding(app, "CreateCdPipeline", #"{"PipelineJsonContent":\#(Self.quote(json))}"#)
        #expect(saved["Error"]["Code"].string == nil, "\(saved)")
    }

    static func trigger(_ app: Harness, _ application: String, _ name: String, parameters: String = "{}") async throws -> String {
        let trigger = #"{"type":"manual","user":"coding","parameters":\#(parameters)}"#
        let reply = try await coding(
            app, "TriggerCdPipeline",
            #"{"Application":"\#(application)","PipelineNameOrId":"\#(name)","TriggerJsonContent":\#(Self.quote(trigger))}"#)
        return try #require(reply["Data"]["PipelineExecutionId"].string, "\(reply)")
    }

    /// Poll DescribeCdPipeline until the execution ends; its execution document.
    static func finished(_ app: Harness, _ id: String, seconds: Int = 60) async throws -> JSON {
        var last = JSON.missing
        for _ in 0..<(seconds * 10) {
            last = try await coding(app, "DescribeCdPipeline", #"{"PipelineExecutionId":"\#(id)"}"#)["Data"]
            if ["SUCCEEDED", "TERMINAL", "CANCELED"].contains(last["PipelineExecutionStatus"].string ?? "") {
                return JSON(last["PipelineExecutionJsonContent"].string ?? "")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("execution \(id) did not end: \(last)")
        return JSON(last["PipelineExecutionJsonContent"].string ?? "")
    }

    static func script(_ refID: String, after: [String] = [], machine: Int64, _ command: String) -> String {
        let needs = after.map { #""\#($0)""# }.joined(separator: ",")
        return #"""
            {"refId":"\#(refID)","requisiteStageRefIds":[\#(needs)],"type":"script","name":"run \#(refID)","agentMachineId":\#(machine),
             "timeoutSeconds":60,"command":\#(Self.quote(command))}
            """#
    }

    @Test(arguments: StoreKind.enabled)
    func aScriptStageRunsOnItsAgentAndAFailingOneStopsThePipeline(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            let (agent, process, workDir) = try await Self.startAgent(app, name: "cd-runner")
            let application = "ops-" + UUID().uuidString.prefix(6).lowercased()
            let first = Self.script("1", machine: agent.id, #"echo "hello $GREETING"; echo "ran in $PWD""#)
            let second = Self.script("2", after: ["1"], machine: 0, #"echo "then on the server""#)
            try await Self.pipeline(app, application, name: "ops", stages: "[\(first),\(second)]")
            let hostile = #"it's $(touch /tmp/pwned-cdagent) `id` "x""#
            let id = try await Self.trigger(app, application, "ops", parameters: #"{"GREETING":\#(Self.quote(hostile))}"#)
            let document = try await Self.finished(app, id)
            #expect(document["status"].string == "SUCCEEDED", "\(document)")
            #expect(document["stages"].array.map { $0["status"].string } == ["SUCCEEDED", "SUCCEEDED"])
            // The script ran on the agent, the parameter arrived as data, and the log is in the stage's outputs.
            let log = document["stages"][0]["outputs"]["log"].string ?? ""
            #expect(log.contains("running the script on agent machine \(agent.id)"), "\(log)")
            #expect(log.contains("hello \(hostile)") && log.contains("ran in \(workDir)/jobs/"), "\(log)")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned-cdagent"))
            #expect((document["stages"][1]["outputs"]["log"].string ?? "").contains("then on the server"))
            #expect(document["stages"][0]["context"]["agentMachineId"].int == Int(agent.id))

            // A failing script fails its stage and the execution with the reason; the stage after it never runs.
            let failing = Self.script("1", machine: agent.id, "echo about to fail; exit 3")
            let after = #"{"refId":"2","requisiteStageRefIds":["1"],"type":"wait","waitTime":0}"#
            try await Self.pipeline(app, application, name: "broken", stages: "[\(failing),\(after)]")
            let broken = try await Self.finished(app, try await Self.trigger(app, application, "broken"))
            #expect(broken["status"].string == "TERMINAL", "\(broken)")
            let stage = broken["stages"][0]
            #expect(stage["status"].string == "TERMINAL")
            let reason = stage["context"]["exception"]["details"]["error"].string ?? ""
            #expect(reason == "script exited with code 3 on agent machine \(agent.id)", "\(reason)")
            #expect((stage["outputs"]["log"].string ?? "").contains("about to fail"))
            #expect(["NOT_STARTED", "SKIPPED"].contains(broken["stages"][1]["status"].string ?? ""), "\(broken["stages"][1])")
            #expect(broken["stages"][1]["startTime"].int == 0)
            try await Self.stop(process, workDir)
        }
    }

    /// Whether a process whose command line holds `needle` runs (in any PID namespace).
    static func running(_ needle: String) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { pid in
            guard pid.allSatisfy(\.isNumber), let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: line.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(needle)
        }
    }

    /// A script that outlives its stage's `timeoutSeconds`, on the server and on an agent machine:
    /// the stage and the execution end TERMINAL with the reason and the script's process is
    /// killed; the execution history shows the stage as DescribeCdPipeline does, with the reason
    /// and the last 64 KiB of its log.
    @Test(arguments: StoreKind.enabled)
    func aScriptOutlivingItsTimeoutIsStopped(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            let (agent, process, workDir) = try await Self.startAgent(app, name: "cd-slow")
            let application = "slow-" + UUID().uuidString.prefix(6).lowercased()
            for (name, machine, host) in [("local", Int64(0), "this server"), ("remote", agent.id, "agent machine \(agent.id)")] {
                // `sleep`'s argument tells its process apart; the log outgrows 64 KiB before it.
                let pause = "4\(Int.random(in: 100...999)).\(Int.random(in: 1000...9999))"
                let command = """
                    for i in $(seq 1 1500); do printf 'line %04d: h\u{e9}llo w\u{f6}rld, padding the log past sixty-four KiB\\n' "$i"; done
                    echo "sleeping now"
                    sleep \(pause)
                    echo "never printed"
                    """
                let stage = #"""
                    [{"refId":"1","requisiteStageRefIds":[],"type":"script","name":"slow","agentMachineId":\#(machine),"timeoutSeconds":1,"command":\#(Self.quote(command))}]
                    """#
                try await Self.pipeline(app, application, name: name, stages: stage)
                let started = Date()
                let id = try await Self.trigger(app, application, name)
                let document = try await Self.finished(app, id)
                #expect(Date().timeIntervalSince(started) < 30, "stopped long before the sleep ends")
                #expect(document["status"].string == "TERMINAL", "\(document)")
                let reason = "the script ran longer than 1 s on \(host) and was stopped"
                #expect(document["stages"][0]["status"].string == "TERMINAL")
                #expect(document["stages"][0]["context"]["exception"]["details"]["error"].string == reason, "\(document["stages"][0])")
                let log = document["stages"][0]["outputs"]["log"].string ?? ""
                #expect(log.contains("sleeping now") && !log.contains("never printed"), "\(log.suffix(500))")
                var gone = false
                for _ in 0..<100 where !gone {
                    gone = !Self.running("sleep \(pause)")
                    if !gone { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(gone, "the script's process was killed")

                // The history shows the same stage: its reason and its log's last 64 KiB, from a whole character.
                let configID = try #require(try await app.store.cdPipelines.get(application: application, name: name)?.id)
                let history = try await Self.coding(app, "DescribeExecutionsByConfigId", #"{"ConfigId":"\#(configID)","Limit":1}"#)
                let stages = JSON(history["Data"]["Executions"][0]["Stages"].string ?? "")
                #expect(stages[0]["context"]["exception"]["details"]["error"].string == reason, "\(history)")
                let tail = stages[0]["outputs"]["log"].string ?? ""
                #expect(tail == log, "the history shows the log DescribeCdPipeline shows")
                #expect(tail.utf8.count <= 64 * 1024 && tail.utf8.count > 60 * 1024 && !tail.contains("\u{FFFD}"))
                #expect(tail.contains("line 1500: h\u{e9}llo") && !tail.contains("line 0001:"))
            }
            try await Self.stop(process, workDir)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aHostGroupOnAnAgentMachineDeploysFromThatAgent(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            // The host authorizes the agent machine's own key (made in its work directory, which
            // the agent keeps using), not the server's.
            let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("cd-agent-\(UUID().uuidString)").path
            let agentKey = try await CdSSHIdentity(dataDirectory: URL(fileURLWithPath: workDir)).publicKey()
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [agentKey])
            defer { sshd.stop() }
            let (token, agent) = try await app.store.agents.issue(name: "bastion", labels: ["cd"])
            let group = try await Self.coding(
                app, "CreateCdHostServerGroup",
                #"{"AgentMachineId":\#(agent.id),"DisplayName":"vm","AuthMethod":"PUBLIC_KEY","UserName":"\#(sshd.user)","Port":\#(sshd.port),"Ips":["127.0.0.1"]}"#
            )
            let groupID = try #require(group["Data"]["HostServerGroup"]["Id"].int, "\(group)")
            let application = "web-" + UUID().uuidString.prefix(6).lowercased()
            let artifact = Data("from the bastion\n".utf8).base64EncodedString()
            let stage = #"""
                [{"refId":"1","requisiteStageRefIds":[],"type":"deployHostserver","name":"deploy","account":"cred-\#(agent.id)-\#(groupID)",
                  "releaseName":"app","artifacts":[{"type":"embedded/base64","name":"app.txt","reference":"\#(artifact)"}],
                  "postScripts":[{"source":"text","timeoutSeconds":30,"content":"printf '%s' \"$GREETING\" > greeting.txt"}]}]
                """#
            try await Self.pipeline(app, application, name: "release", stages: stage)
            let id = try await Self.trigger(app, application, "release", parameters: #"{"GREETING":"hi"}"#)
            // The rollout waits for its agent machine: it does not run on the server.
            let configID = try #require(try await app.store.cdPipelines.get(application: application, name: "release")?.id)
            let waiting = try await app.waitFor("coding-cd-\(configID)", 1) { !($0["pending_reason"].string ?? "").isEmpty }
            #expect(waiting["pending_reason"].string == "waiting for agent machine \(agent.id) to connect", "\(waiting)")
            let releases = FileManager.default.homeDirectoryForCurrentUser.path + "/.slipway-cd/\(application)-app-v000"
            defer { try? FileManager.default.removeItem(atPath: releases) }
            #expect(!FileManager.default.fileExists(atPath: releases))

            let process = try ServerProcess(
                ["agent", "--server", try #require(app.baseURL), "--labels", "cd", "--executor", "host", "--work-dir", workDir],
                environment: ["SLIPWAY_AGENT_TOKEN": token])
            let document = try await Self.finished(app, id)
            #expect(document["status"].string == "SUCCEEDED", "\(document) \(process.text)")
            #expect(try String(contentsOfFile: "\(releases)/app.txt", encoding: .utf8) == "from the bastion\n")
            #expect(try String(contentsOfFile: "\(releases)/greeting.txt", encoding: .utf8) == "hi")
            let log = document["stages"][0]["outputs"]["log"].string ?? ""
            #expect(log.contains("from agent machine \(agent.id)") && log.contains("deployed \(application)-app-v000 to every host"), "\(log)")
            #expect(!log.contains("PRIVATE KEY") && !process.text.contains("PRIVATE KEY"))
            let instances = try await Self.coding(
                app, "DescribeHostServerInstance", #"{"Account":"cred-\#(agent.id)-\#(groupID)","ServerGroupName":"\#(application)-app-v000"}"#)
            #expect(instances["Data"].array.map { $0["Status"].string } == ["succeed"], "\(instances)")
            try await Self.stop(process, workDir)
        }
    }
}
