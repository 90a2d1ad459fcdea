import Foundation
import Testing

/// Agents that enroll themselves with the server's install secret (CODING `DescribeAgentSecret`):
/// a real `slipway agent --enroll-secret` registers, keeps its own token, runs a job, and starts
/// again with the kept token; a wrong secret, a taken name and bad bodies are refused.
@Suite(.serialized) struct AgentEnrollmentTests {
    @Test func anAgentEnrollsWithTheInstallSecretAndRunsJobs() async throws {
        let cluster = try await AgentCluster()
        let described = JSON(try await cluster.callCoding("DescribeAgentSecret", "{}"))
        let secret = try #require(described["Response"]["Data"]["Secret"].string, "\(described)")
        #expect(JSON(try await cluster.callCoding("DescribeAgentSecret", "{}"))["Response"]["Data"]["Secret"].string == secret)

        let workDir = cluster.root + "/agent-enrolled"
        let arguments = ["agent", "--server", cluster.base, "--labels", "linux", "--executor", "host", "--work-dir", workDir, "--name", "enrolled-1"]
        let agent = try ServerProcess(arguments, environment: ["SLIPWAY_AGENT_ENROLL_SECRET": secret])
        _ = try await agent.waitFor("agent enrolled-1 connected")
        let kept = try String(contentsOfFile: workDir + "/agent-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(kept.hasPrefix("slw_") && kept != secret)
        let mode = try FileManager.default.attributesOfItem(atPath: workDir + "/agent-token")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let id = try await cluster.run("enrolled", stages: [[AgentCluster.job("remote", "echo ran in $PWD", labels: ["linux"])]])
        #expect(try await cluster.waitFor("enrolled", id)["status"].string == "passed")
        #expect(try await cluster.log("enrolled", id, job: "remote").contains("ran in \(workDir)/jobs/"))
        let machines = JSON(try await cluster.callCoding("DescribeCdAgentMachines", "{}"))
        #expect(machines["Response"]["Data"]["AgentMachines"].array.contains { $0["Name"].string == "enrolled-1" }, "\(machines)")

        // Started again without the secret, it uses the token it kept.
        agent.signal(SIGTERM)
        #expect(try await agent.waitForExit(seconds: 10))
        let again = try ServerProcess(arguments, environment: [:])
        _ = try await again.waitFor("agent enrolled-1 connected")
        #expect(!again.text.contains("enrolled as"))
        again.signal(SIGTERM)
        _ = try await again.waitForExit(seconds: 10)

        // The operation log names the enrollment, never the secret or the token.
        let logs = try await cluster.call("GET", "/openapi/system/operation?searchType=all&page=1&perPage=50")
        #expect(logs.body.contains("agent:enrolled-1"), "\(logs.body)")
        #expect(!logs.body.contains(secret) && !logs.body.contains(kept))
        try await cluster.stop()
    }

    @Test func enrollmentRefusesWrongSecretsTakenNamesAndBadBodies() async throws {
        let cluster = try await AgentCluster()
        // Before any secret is made, nothing enrolls.
        let early = try await cluster.call("POST", "/api/slipway/agent/enroll", #"{"secret":"slw_guess","name":"a1"}"#, token: "")
        #expect(early.status == 401, "\(early)")
        let secret = try #require(JSON(try await cluster.callCoding("DescribeAgentSecret", "{}"))["Response"]["Data"]["Secret"].string)
        let wrong = try await cluster.call("POST", "/api/slipway/agent/enroll", #"{"secret":"\#(secret)x","name":"a1"}"#, token: "")
        #expect(wrong.status == 401, "\(wrong)")
        let made = try await cluster.call("POST", "/api/slipway/agent/enroll", #"{"secret":"\#(secret)","name":"a1","labels":["x"],"capacity":2}"#, token: "")
        #expect(made.status == 200, "\(made)")
        let token = try #require(JSON(made.body)["token"].string)
        #expect(JSON(made.body)["agent"]["name"].string == "a1" && JSON(made.body)["agent"]["capacity"].int == 2)
        let hello = try await cluster.call("POST", "/api/slipway/agent/connect", #"{"labels":[],"capacity":1,"executor":"host","version":"t"}"#, token: token)
        #expect(hello.status == 200, "\(hello)")
        for (body, status) in [
            (#"{"secret":"\#(secret)","name":"a1"}"#, 400),  // the name is taken
            (#"{"secret":"\#(secret)","name":"bad name!"}"#, 400),
            (#"{"secret":"\#(secret)","name":"a2","capacity":0}"#, 400),
            (#"{"secret":"\#(secret)"}"#, 400),
            ("not json", 400),
        ] {
            let reply = try await cluster.call("POST", "/api/slipway/agent/enroll", body, token: "")
            #expect(reply.status == status, "\(body): \(reply)")
            #expect(JSON(reply.body)["message"].string != nil, "\(body): \(reply.body)")
        }
        try await cluster.stop()
    }
}
