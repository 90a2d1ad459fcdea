import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// CODING CD `script` stages whose script comes from a depot hosted here (`repoUrl`, `repoBranch`,
/// `scriptPath`, `command` naming the file, `propertyFile`), on both stores, on a real `slipway
/// agent` and on the server: the depot is checked out at the stage's ref, the script runs from the
/// checkout's root with the property file's values and the trigger's parameters as data; a script
/// or property file that leads out of the checkout through a link, a missing file, and a property
/// file setting a name the shell acts on fail the stage with the reason.
@Suite(.serialized) struct CdRepositoryScriptTests {
    typealias Stages = CdAgentStageTests

    /// Depot `scripts` of project `cd-home` with `master` and `v2`, pushed with git over HTTP; its clone URL.
    static func depot(_ app: Harness) async throws -> String {
        let base = try #require(app.baseURL)
        let coding = Harness.Auth.codingToken(app.adminToken)
        let described = try await app.call(.post, "/open-api?Action=DescribeProjectByName", auth: coding, body: #"{"ProjectName":"cd-home"}"#)
        let projectID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
        let depot = try await app.call(.post, "/open-api?Action=CreateGitDepot", auth: coding, body: #"{"ProjectId":\#(projectID),"DepotName":"scripts"}"#)
        #expect(depot.json["Response"]["DepotId"].int != nil, "\(depot.text)")
        let work = app.scratch.appendingPathComponent("scripts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work + "/deploy", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/lib", withIntermediateDirectories: true)
        func write(_ path: String, _ text: String) throws { try text.write(toFile: work + "/" + path, atomically: true, encoding: .utf8) }
        try write("deploy/run.sh", "echo \"master script: greeting=$GREETING mode=$MODE\"\n")
        try write("lib/helper.txt", "helper here\n")
        try write("deploy/app.properties", "# defaults\n\n  REGION = eu-west $(touch /tmp/pwned-cdprop) `id`\nMODE=from-file\n! also a comment\n")
        try write("bad.properties", "GREETING=fine\nPATH=/tmp/evil\n")
        try FileManager.default.createSymbolicLink(atPath: work + "/escape.sh", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: work + "/deploy/escape.properties", withDestinationPath: "../../../../../../../../etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: work + "/inside.sh", withDestinationPath: "deploy/run.sh")
        try await runGit(["init", "-q", "-b", "master"], in: work)
        try await runGit(["add", "-A"], in: work)
        try await runGit(["commit", "-q", "-m", "scripts"], in: work)
        let remote = base.replacingOccurrences(of: "http://", with: "http://git:\(app.adminToken)@") + "/slipway/cd-home/scripts.git"
        try await runGit(["push", "-q", remote, "HEAD:refs/heads/master"], in: work)
        try await runGit(["checkout", "-q", "-b", "v2"], in: work)
        try write(
            "deploy/run.sh",
            "echo \"v2 script: greeting=$GREETING region=$REGION mode=$MODE\"\necho \"in $PWD\"\ncat lib/helper.txt\n")
        try await runGit(["commit", "-q", "-am", "v2"], in: work)
        try await runGit(["push", "-q", remote, "HEAD:refs/heads/v2"], in: work)
        return base + "/slipway/cd-home/scripts.git"
    }

    static func stage(_ refID: String, after: [String] = [], machine: Int64, _ fields: String) -> String {
        let needs = after.map { #""\#($0)""# }.joined(separator: ",")
        return #"""
            {"refId":"\#(refID)","requisiteStageRefIds":[\#(needs)],"type":"script","name":"run \#(refID)","agentMachineId":\#(machine),
             "timeoutSeconds":60,\#(fields)}
            """#
    }

    @Test(arguments: StoreKind.enabled)
    func aRepositoryScriptRunsAtItsRefWithItsPropertiesOnAnAgentAndOnTheServer(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            let application = "repo-" + UUID().uuidString.prefix(6).lowercased()
            try await Stages.pipeline(app, application, name: "bootstrap", stages: #"[{"refId":"1","type":"wait","waitTime":0}]"#)
            let url = try await Self.depot(app)
            let (agent, process, workDir) = try await Stages.startAgent(app, name: "cd-repo")
            let onAgent = Self.stage(
                "1", machine: agent.id,
                #""repoUrl":"\#(url)","repoBranch":"v2","scriptPath":"deploy","command":"run.sh","propertyFile":"deploy/app.properties""#)
            let onServer = Self.stage("2", after: ["1"], machine: 0, #""repoUrl":"cd-home/scripts","scriptPath":"deploy/run.sh""#)
            try await Stages.pipeline(app, application, name: "ops", stages: "[\(onAgent),\(onServer)]")
            let hostile = #"it's $(touch /tmp/pwned-cdrepo) `id` "x""#
            let parameters = #"{"GREETING":\#(Stages.quote(hostile)),"MODE":"from-trigger"}"#
            let document = try await Stages.finished(app, try await Stages.trigger(app, application, "ops", parameters: parameters))
            #expect(document["status"].string == "SUCCEEDED", "\(document)")
            let agentLog = document["stages"][0]["outputs"]["log"].string ?? ""
            // The v2 script ran on the agent, from the checkout's root, with the property file's
            // values and the trigger's parameters (which win) as data.
            #expect(agentLog.contains("running deploy/run.sh on agent machine \(agent.id)"), "\(agentLog)")
            #expect(agentLog.contains("2 properties from deploy/app.properties"), "\(agentLog)")
            #expect(agentLog.contains("v2 script: greeting=\(hostile) region=eu-west $(touch /tmp/pwned-cdprop) `id` mode=from-trigger"), "\(agentLog)")
            #expect(agentLog.contains("in \(workDir)/jobs/") && agentLog.contains("/workspace/repo") && agentLog.contains("helper here"), "\(agentLog)")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned-cdrepo") && !FileManager.default.fileExists(atPath: "/tmp/pwned-cdprop"))
            // The server's stage ran the default branch's script in its sandbox.
            let serverLog = document["stages"][1]["outputs"]["log"].string ?? ""
            #expect(serverLog.contains("running deploy/run.sh on this server"), "\(serverLog)")
            #expect(serverLog.contains("master script: greeting=\(hostile) mode=from-trigger"), "\(serverLog)")
            try await Stages.stop(process, workDir)

            // A link inside the checkout is followed; one leading out of it, a missing file, an
            // unknown ref and a property file naming PATH fail the stage with the reason.
            let inside = Self.stage("1", machine: 0, #""repoUrl":"cd-home/scripts","scriptPath":"inside.sh""#)
            try await Stages.pipeline(app, application, name: "linked", stages: "[\(inside)]")
            let linked = try await Stages.finished(app, try await Stages.trigger(app, application, "linked", parameters: #"{"MODE":"linked"}"#))
            #expect(linked["status"].string == "SUCCEEDED" && (linked["stages"][0]["outputs"]["log"].string ?? "").contains("mode=linked"), "\(linked)")
            let failing: [(fields: String, reason: String)] = [
                (#""scriptPath":"escape.sh""#, "escape.sh leads out of the repository (through a symbolic link) on this server"),
                (#""scriptPath":"deploy/run.sh","propertyFile":"deploy/escape.properties""#, "deploy/escape.properties leads out of the repository"),
                (#""scriptPath":"deploy/gone.sh""#, "deploy/gone.sh is not in the repository at this ref"),
                (#""scriptPath":"deploy/run.sh","propertyFile":"bad.properties""#, "propertyFile bad.properties line 2: PATH is a name the shell"),
            ]
            for (index, (fields, reason)) in failing.enumerated() {
                let stage = Self.stage("1", machine: 0, #""repoUrl":"cd-home/scripts",\#(fields)"#)
                try await Stages.pipeline(app, application, name: "bad-\(index)", stages: "[\(stage)]")
                let ended = try await Stages.finished(app, try await Stages.trigger(app, application, "bad-\(index)"))
                #expect(ended["status"].string == "TERMINAL", "\(ended)")
                let error = ended["stages"][0]["context"]["exception"]["details"]["error"].string ?? ""
                #expect(error.contains(reason), "\(reason): \(error)")
                #expect(!(ended["stages"][0]["outputs"]["log"].string ?? "").contains("master script"), "the script never ran")
            }
            let unknown = Self.stage("1", machine: 0, #""repoUrl":"cd-home/scripts","repoBranch":"nope","scriptPath":"deploy/run.sh""#)
            try await Stages.pipeline(app, application, name: "unknown-ref", stages: "[\(unknown)]")
            let refused = try await Stages.coding(
                app, "TriggerCdPipeline", #"{"Application":"\#(application)","PipelineNameOrId":"unknown-ref"}"#)
            #expect(refused["Error"]["Message"].string?.contains("depot cd-home/scripts has no branch, tag or commit nope") == true, "\(refused)")
        }
    }
}
