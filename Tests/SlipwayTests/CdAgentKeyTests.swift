import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// Agent machines' own SSH keys (issue 15, CODING CD), on both stores: a `slipway agent` makes its
/// key pair and reports the public half, which administrators read in `/api/slipway/agents`; a
/// host-group rollout from that agent logs in to a real sshd with that key, while the server's key
/// is refused there; the work the server sends an agent carries no private key (read over the real
/// agent protocol); an agent that connected without a key fails a rollout with the reason; no
/// private key is in a log, an answer or a file the agent holds.
@Suite(.serialized) struct CdAgentKeyTests {
    typealias Stages = CdAgentStageTests

    /// A `PUBLIC_KEY` group on `machine` at `port`, and pipeline `name` deploying `app.txt` to it.
    static func deployPipeline(_ app: Harness, _ application: String, name: String, machine: Int64, user: String, port: Int) async throws {
        let group = try await Stages.coding(
            app, "CreateCdHostServerGroup",
            #"{"AgentMachineId":\#(machine),"DisplayName":"vm-\#(name)","AuthMethod":"PUBLIC_KEY","UserName":"\#(user)","Port":\#(port),"Ips":["127.0.0.1"]}"#
        )
        let groupID = try #require(group["Data"]["HostServerGroup"]["Id"].int, "\(group)")
        let artifact = Data("deployed by \(name)\n".utf8).base64EncodedString()
        let stage = #"""
            [{"refId":"1","requisiteStageRefIds":[],"type":"deployHostserver","name":"deploy","account":"cred-\#(machine)-\#(groupID)",
              "releaseName":"\#(name)","artifacts":[{"type":"embedded/base64","name":"app.txt","reference":"\#(artifact)"}]}]
            """#
        try await Stages.pipeline(app, application, name: name, stages: stage)
    }

    /// The base64 lines of a private key file past its first two (the format's header and the
    /// public key, which the file carries too): text that exists only where the private key is.
    static func secretLines(_ pem: String) -> [String] {
        let lines = pem.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 20 }
        return Array(lines.dropFirst(2))
    }

    static func leaks(_ text: String, _ secrets: [String]) -> Bool {
        text.contains("PRIVATE KEY") || secrets.contains { text.contains($0) }
    }

    static func executionText(_ app: Harness, _ id: String) async throws -> String {
        try await app.call(
            .post, "/open-api?Action=DescribeCdPipeline", auth: .codingToken(app.adminToken), body: #"{"PipelineExecutionId":"\#(id)"}"#
        ).text
    }

    @Test(arguments: StoreKind.enabled)
    func aRolloutFromAnAgentLogsInWithTheAgentsOwnKey(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            let (agent, process, workDir) = try await Stages.startAgent(app, name: "bastion-key")
            // The agent made its key pair and reported the public half, which administrators read.
            let made = try String(contentsOfFile: workDir + "/cd/id_ed25519.pub", encoding: .utf8).split(separator: " ")
            let listed = try await app.call(.get, "/api/slipway/agents")
            let shown = listed.json["agents"].array.first { $0["id"].int == Int(agent.id) }?["ssh_public_key"].string ?? ""
            #expect(shown == "\(made[0]) \(made[1]) slipway-agent-bastion-key", "\(listed.text)")

            let sshd = try await LoopbackSSHD.start(authorizedKeys: [shown])
            defer { sshd.stop() }
            let application = "keys-" + UUID().uuidString.prefix(6).lowercased()
            try await Self.deployPipeline(app, application, name: "keyed", machine: agent.id, user: sshd.user, port: sshd.port)
            let id = try await Stages.trigger(app, application, "keyed")
            let document = try await Stages.finished(app, id)
            #expect(document["status"].string == "SUCCEEDED", "\(document) \(process.text)")
            let release = FileManager.default.homeDirectoryForCurrentUser.path + "/.slipway-cd/\(application)-keyed-v000"
            defer { try? FileManager.default.removeItem(atPath: release) }
            #expect(try String(contentsOfFile: release + "/app.txt", encoding: .utf8) == "deployed by keyed\n")

            // The server's key is another: from the server, the same host refuses the login.
            try await Self.deployPipeline(app, application, name: "fromserver", machine: 0, user: sshd.user, port: sshd.port)
            let refused = try await Stages.finished(app, try await Stages.trigger(app, application, "fromserver"))
            #expect(refused["status"].string == "TERMINAL", "\(refused)")
            let reason = refused["stages"][0]["context"]["exception"]["details"]["error"].string ?? ""
            #expect(reason.contains("host 127.0.0.1 failed: upload app.txt: ssh could not connect or log in (exit 255)"), "\(reason)")

            // Neither private key is in the execution, the agents' list or the agent's output,
            // and the server's is in no file the agent holds; the key it lent the command is gone.
            let serverKey = Self.secretLines(try String(contentsOf: app.engine.cdIdentity.privateKey, encoding: .utf8))
            let agentKey = Self.secretLines(try String(contentsOfFile: workDir + "/cd/id_ed25519", encoding: .utf8))
            #expect(!serverKey.isEmpty && !agentKey.isEmpty)
            for text in [try await Self.executionText(app, id), listed.text, process.text] {
                #expect(!Self.leaks(text, serverKey + agentKey))
            }
            let walker = FileManager.default.enumerator(atPath: workDir + "/jobs")
            while let relative = walker?.nextObject() as? String {
                #expect(!relative.hasSuffix("id_ed25519"), "a lent key was left: \(relative)")
                let text = (try? String(contentsOfFile: workDir + "/jobs/" + relative, encoding: .utf8)) ?? ""
                #expect(!Self.leaks(text, serverKey), "\(relative)")
            }
            try await Stages.stop(process, workDir)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func theWorkSentToAnAgentCarriesNoKey(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            _ = try await app.engine.cdIdentity.publicKey()
            let serverKey = Self.secretLines(try String(contentsOf: app.engine.cdIdentity.privateKey, encoding: .utf8))
            // This test speaks the agent protocol itself, to read the work as an agent gets it.
            let (token, agent) = try await app.store.agents.issue(name: "wire-bastion", labels: ["cd"])
            let bearer = Harness.Auth.bearer(token)
            let old = #"{"labels":[],"capacity":1,"executor":"host","version":"old"}"#
            #expect(try await app.call(.post, "/api/slipway/agent/connect", auth: bearer, body: old).status == .ok)
            let application = "wire-" + UUID().uuidString.prefix(6).lowercased()
            try await Self.deployPipeline(app, application, name: "payload", machine: agent.id, user: "deploy", port: 2222)

            // Connected without a key (an older agent): the rollout fails with the reason, and nothing is handed out.
            let keyless = try await Stages.finished(app, try await Stages.trigger(app, application, "payload"))
            #expect(keyless["status"].string == "TERMINAL", "\(keyless)")
            #expect(
                (keyless["stages"][0]["context"]["exception"]["details"]["error"].string ?? "").hasPrefix(
                    "agent machine \(agent.id) has reported no SSH key of its own"), "\(keyless)")

            // A private key, or anything but one public key line, is refused as the agent's key.
            for bad in ["-----BEGIN OPENSSH PRIVATE KEY-----", "ssh-ed25519 bm90IGEga2V5", "ssh-ed25519 AAAA\nssh-rsa AAAA"] {
                let hello = #"{"labels":[],"capacity":1,"executor":"host","version":"t","sshPublicKey":\#(Stages.quote(bad))}"#
                #expect(try await app.call(.post, "/api/slipway/agent/connect", auth: bearer, body: hello).status == .badRequest)
            }
            let key = try await CdSSHIdentity(dataDirectory: app.scratch.appendingPathComponent("wire-agent")).publicKey()
            let hello = #"{"labels":[],"capacity":1,"executor":"host","version":"t","sshPublicKey":\#(Stages.quote(key))}"#
            #expect(try await app.call(.post, "/api/slipway/agent/connect", auth: bearer, body: hello).status == .ok)
            #expect(try await app.store.agents.find(id: agent.id)?.sshPublicKey.hasPrefix(String(key.prefix(60))) == true)

            let id = try await Stages.trigger(app, application, "payload")
            var raw = ""
            for _ in 0..<30 where raw.isEmpty {
                let reply = try await app.call(.post, "/api/slipway/agent/claim", auth: bearer, body: #"{"running":[]}"#)
                if reply.json["work"]["lease"].string != nil { raw = reply.text }
            }
            let work = JSON(raw)["work"]
            let lease = try #require(work["lease"].string, "no work was handed out")
            // The work asks the agent for its own key and carries none: no key file, no key in the environment.
            #expect(!Self.leaks(raw, serverKey), "\(raw.prefix(2_000))")
            #expect(work["environment"]["SLIPWAY_AGENT_SSH_KEY"].string == "", "\(work["environment"])")
            #expect(work["environment"]["SLIPWAY_CD_KEY"].string == nil)
            let files = work["files"].array.compactMap { $0["path"].string }
            #expect(files.contains("cd-known_hosts") && files.contains("cd-artifact-app.txt") && !files.contains("cd-key"), "\(files)")

            let finish = try await app.call(
                .post, "/api/slipway/agent/leases/\(lease)/finish", auth: bearer, body: #"{"exitCode":0,"batches":0,"files":[]}"#)
            #expect(finish.status == .ok, "\(finish.text)")
            let document = try await Stages.finished(app, id)
            #expect(document["status"].string == "SUCCEEDED", "\(document)")
            #expect(!Self.leaks(try await Self.executionText(app, id), serverKey))
        }
    }
}
