import Foundation
import Testing

/// Jobs on a real `slipway agent` that need the server's job directory (issue 13.2): an `archive`
/// step sends its files to the server, which keeps them as the task's artifacts; a Serverless
/// Devs pipeline of a hosted depot, checked out on the server, runs its steps on the agent in
/// that checkout. The transfer routes refuse callers other than the lease's agent.
@Suite(.serialized) struct AgentTransferTests {
    @Test func anArchiveStepOnAnAgentKeepsItsFilesOnTheServer() async throws {
        let cluster = try await AgentCluster()
        let (agent, _) = try await cluster.startAgent("packer", labels: "linux")
        let job = """
            {"name":"pack","type":"freestyle","spec":{"properties":{"timeout":5,"vm_labels":["linux"]},"steps":[
              {"name":"make","type":"shell","spec":{"script":"mkdir -p dist/sub; echo alpha > dist/a.txt; echo beta > dist/sub/b.txt; echo single > one.txt"}},
              {"name":"keep","type":"archive","spec":{"upload_detail":[{"file_path":"dist","dest_dir":"out"},{"file_path":"one.txt","dest_dir":"out"}]}}]}}
            """
        let id = try await cluster.run("packing", stages: [[job]])
        let task = try await cluster.waitFor("packing", id)
        #expect(task["status"].string == "passed", "\(task) \(agent.text)")
        let kept = cluster.dataDir + "/artifacts/packing/\(id)/pack/out"
        #expect(try String(contentsOfFile: kept + "/dist/a.txt", encoding: .utf8) == "alpha\n")
        #expect(try String(contentsOfFile: kept + "/dist/sub/b.txt", encoding: .utf8) == "beta\n")
        #expect(try String(contentsOfFile: kept + "/one.txt", encoding: .utf8) == "single\n")

        // A link is refused on the agent, as on the server.
        let linked = """
            {"name":"sly","type":"freestyle","spec":{"properties":{"timeout":5,"vm_labels":["linux"]},"steps":[
              {"name":"make","type":"shell","spec":{"script":"mkdir -p d; ln -s /etc/passwd d/p"}},
              {"name":"keep","type":"archive","spec":{"upload_detail":[{"file_path":"d","dest_dir":"out"}]}}]}}
            """
        let slyID = try await cluster.run("sly", stages: [[linked]])
        let sly = try await cluster.waitFor("sly", slyID)
        #expect(sly["status"].string == "failed")
        #expect(try await cluster.log("sly", slyID, job: "sly").contains("is or contains a symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: cluster.dataDir + "/artifacts/sly/\(slyID)/sly/out/d/p"))

        // The transfer routes take the lease's agent only.
        for path in ["/api/slipway/agent/leases/nope/workspace"] {
            #expect(try await cluster.call("GET", path, token: "slw_not-an-agent-token").status == 401)
            #expect(try await cluster.call("GET", path).status == 401, "a user's token is not an agent's")
        }
        #expect(try await cluster.call("POST", "/api/slipway/agent/leases/nope/upload?path=x", "x", token: "slw_not-an-agent-token").status == 401)
        try await cluster.stop()
    }

    @Test func aPipelineOfAHostedDepotRunsOnAnAgentInTheServersCheckout() async throws {
        let cluster = try await AgentCluster()
        let (agent, _) = try await cluster.startAgent("builder", labels: "linux")
        let described = JSON(
            try await cluster.callCoding("DescribeProjectByName", #"{"ProjectName":"agents"}"#))
        let projectID = try #require(described["Response"]["Project"]["Id"].int, "\(described)")
        let depot = JSON(try await cluster.callCoding("CreateGitDepot", #"{"ProjectId":\#(projectID),"DepotName":"svc"}"#))
        #expect(depot["Response"]["DepotId"].int != nil, "\(depot)")
        let work = cluster.root + "/src"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try "version-7\n".write(toFile: work + "/version.txt", atomically: true, encoding: .utf8)
        try """
        runs-on: [linux]
        steps:
          - name: build
            run: echo "built $(cat version.txt) in $PWD"
          - name: again
            run: echo "second step sees $(cat version.txt)"
        """.write(toFile: work + "/serverless-pipeline.yaml", atomically: true, encoding: .utf8)
        let remote = cluster.base.replacingOccurrences(of: "http://", with: "http://git:\(cluster.adminToken)@") + "/slipway/agents/svc.git"
        for arguments in [["init", "-q", "-b", "main"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "first"]] {
            #expect(try Self.git(arguments, in: work) == 0)
        }
        #expect(try Self.git(["push", "-q", remote, "HEAD:refs/heads/main"], in: work) == 0)
        let created = JSON(
            try await cluster.call(
                "POST", "/api/flow/application/create",
                #"{"repo":"svc","owner":"agents","repo_url":"http://x/agents/svc.git","provider_repo_id":"0","provider":"coding","trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}"#,
                cdToken: true
            ).body)
        let app = try #require(created["data"]["id"].string, "\(created)")
        #expect(try await cluster.call("POST", "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#, cdToken: true).status == 200)
        let key = "sdevs-app-\(app)"
        let task = try await cluster.waitFor(key, 1, seconds: 60)
        let log = try await cluster.log(key, 1, job: "pipeline")
        #expect(task["status"].string == "passed", "\(task) \(log) \(agent.text)")
        #expect(log.contains("built version-7 in \(cluster.root)/agent-builder/jobs/"), "\(log)")
        #expect(log.contains("second step sees version-7"), "\(log)")
        try await cluster.stop()
    }

    static func git(_ arguments: [String], in directory: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory, "GIT_TERMINAL_PROMPT": "0"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
