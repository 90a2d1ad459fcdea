import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// CODING CD `script` stages and stages naming an agent machine, as saved and triggered: a stage
/// naming an unknown or disabled agent machine, an oversized or missing script, or a bad field is
/// refused in the CODING envelope with the stage's path; only administrators save such a
/// pipeline, and only those who may run workflows trigger it. (They run on real agents in
/// `CdAgentStageTests`.)
@Suite struct CdScriptStageTests {
    static func script(_ fields: String) -> String {
        CdPipelineTests.pipeline("ops", stages: #"[{"refId":"1","requisiteStageRefIds":[],"type":"script","name":"run",\#(fields)}]"#)
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badScriptStagesAreRefusedWithTheirPath(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await CdPipelineTests.makeApplication(h)
            let agent = try await h.store.agents.issue(name: "runner", labels: ["linux"]).agent
            let retired = try await h.store.agents.issue(name: "retired", labels: ["linux"]).agent
            #expect(try await h.store.agents.setEnabled(id: retired.id, false))
            let huge = String(repeating: "x", count: CdScriptStage.maxCommandBytes + 1)
            let deploy = #"[{"refId":"1","type":"deployHostserver","account":"cred-0-1","releaseName":"app","agentMachineId":999}]"#
            let bad: [(json: String, message: String)] = [
                (Self.script(#""agentMachineId":999,"command":"echo hi""#), "PipelineJsonContent.stages[0].agentMachineId: agent machine 999 does not exist"),
                (Self.script(#""agentMachineId":\#(retired.id),"command":"echo hi""#), "agent machine \(retired.id) does not exist"),
                (Self.script(#""agentMachineId":\#(agent.id),"command":"\#(huge)""#), "stages[0].command"),
                (Self.script(#""agentMachineId":\#(agent.id),"command":"  ""#), "stages[0].command"),
                (Self.script(#""agentMachineId":\#(agent.id)"#), "stages[0].command"),
                (Self.script(#""command":"echo hi""#), "stages[0].agentMachineId"),
                (Self.script(#""agentMachineId":-1,"command":"echo hi""#), "stages[0].agentMachineId"),
                (Self.script(#""agentMachineId":\#(agent.id),"command":["echo"]"#), "stages[0].command"),
                (Self.script(#""agentMachineId":\#(agent.id),"command":"echo","timeoutSeconds":0"#), "stages[0].timeoutSeconds"),
                (CdPipelineTests.pipeline("ops", stages: deploy), "PipelineJsonContent.stages[0].agentMachineId: agent machine 999 does not exist"),
            ]
            for (json, message) in bad {
                let reply = try await h.action("CreateCdPipeline", CdPipelineTests.body(json))
                #expect(reply.status == .ok)
                #expect(reply.response["Error"]["Code"].string == "InvalidParameterValue", "\(reply.text)")
                #expect(reply.response["Error"]["Message"].string?.contains(message) == true, "\(message): \(reply.text)")
            }
            #expect(try await h.store.cdPipelines.list(application: "shop").isEmpty)

            // On a known agent machine, or on the server itself (machine 0), the stage is kept as written.
            let ok = Self.script(#""agentMachineId":\#(agent.id),"command":"echo \"$GREETING\"","timeoutSeconds":30"#)
            #expect(try await h.action("CreateCdPipeline", CdPipelineTests.body(ok)).response["Error"].isNull)
            let config = try await h.action("DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"ops"}"#)
            let stage = JSONValue(text: config.response["Data"]["PipelineConfig"]["JsonContent"].string ?? "")["stages"][0]
            #expect(stage["command"].string == #"echo "$GREETING""# && stage["agentMachineId"].int == agent.id, "\(config.text)")
            let onServer = CdPipelineTests.pipeline(
                "local", stages: #"[{"refId":"1","type":"script","agentMachineId":0,"command":"true"}]"#)
            #expect(try await h.action("CreateCdPipeline", CdPipelineTests.body(onServer)).response["Error"].isNull)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func onlyAdministratorsSaveAndOnlyRunnersTriggerScriptStages(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await CdPipelineTests.makeApplication(h)
            _ = try await h.makeProject("cd-home")
            let bound = try await h.action("BindCdApplicationToProject", #"{"ProjectName":"cd-home","Application":"shop"}"#)
            #expect(bound.response["Error"].isNull, "\(bound.text)")
            let agent = try await h.store.agents.issue(name: "runner", labels: ["linux"]).agent
            let json = Self.script(#""agentMachineId":\#(agent.id),"command":"echo hi""#)
            let (reader, readOnly) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "cd-home", role: "read-only", subjects: [.user(uid: reader.uid)])
            let (_, stranger) = try await h.makeUser("stranger")
            // Saving: a read-only member and a non-member are refused, no token is no caller.
            for token in [readOnly, stranger] {
                let refused = try await h.action("CreateCdPipeline", CdPipelineTests.body(json), token: token)
                #expect(refused.response["Error"]["Code"].string == "UnauthorizedOperation", "\(refused.text)")
            }
            let anonymous = try await h.action("CreateCdPipeline", CdPipelineTests.body(json), anonymous: true)
            #expect(anonymous.response["Error"]["Code"].string == "AuthFailure")
            #expect(try await h.store.cdPipelines.list(application: "shop").isEmpty)
            #expect(try await h.action("CreateCdPipeline", CdPipelineTests.body(json)).response["Error"].isNull)

            // Triggering: the read-only member may not, the stranger does not see it, no token is no caller.
            let trigger = #"{"Application":"shop","PipelineNameOrId":"ops"}"#
            #expect(try await h.action("TriggerCdPipeline", trigger, token: readOnly).response["Error"]["Code"].string == "UnauthorizedOperation")
            #expect(try await h.action("TriggerCdPipeline", trigger, token: stranger).response["Error"]["Code"].string == "ResourceNotFound")
            #expect(try await h.action("TriggerCdPipeline", trigger, anonymous: true).response["Error"]["Code"].string == "AuthFailure")
            #expect(
                try await h.store.cdExecutions.list(configID: try #require(try await h.store.cdPipelines.list(application: "shop").first?.id), limit: 10)
                    .isEmpty)

            // A machine disabled after the pipeline was saved: the trigger says so, and nothing runs.
            #expect(try await h.store.agents.setEnabled(id: agent.id, false))
            let gone = try await h.action("TriggerCdPipeline", trigger)
            #expect(
                gone.response["Error"]["Message"].string?.contains("runs on agent machine \(agent.id), which no longer exists or is disabled") == true,
                "\(gone.text)")
        }
    }

    /// A repository stage names a depot hosted here, a clean script path and ref; a property file
    /// or script path without a repository is refused; when triggered, the depot must be in the
    /// project that runs the pipeline. (They run in `CdRepositoryScriptTests`.)
    @Test(arguments: CodingStoreKind.enabled)
    func badRepositoryScriptStagesAreRefusedWithTheirPath(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await CdPipelineTests.makeApplication(h)
            let home = try await h.makeProject("cd-home")
            _ = try await h.makeDepot(home, "scripts")
            _ = try await h.makeDepot(try await h.makeProject("elsewhere"), "tools")
            func stage(_ fields: String) -> String { Self.script(#""agentMachineId":0,\#(fields)"#) }
            let bad: [(json: String, message: String)] = [
                (stage(#""repoUrl":"http://h/slipway/cd-home/nope.git","scriptPath":"run.sh""#), "stages[0].repoUrl: http://h/slipway/cd-home/nope.git"),
                (stage(#""repoUrl":"http://h/other-team/cd-home/scripts.git","scriptPath":"run.sh""#), "names no depot hosted here"),
                (stage(#""repoUrl":"ftp://h/slipway/cd-home/scripts.git","scriptPath":"run.sh""#), "stages[0].repoUrl: must name a depot"),
                (stage(#""repoUrl":"cd-home/scripts/more","scriptPath":"run.sh""#), "stages[0].repoUrl"),
                (stage(#""repoUrl":"cd-home/scripts""#), "stages[0].scriptPath"),
                (stage(#""repoUrl":"cd-home/scripts","scriptPath":"../run.sh""#), "stages[0].scriptPath"),
                (stage(#""repoUrl":"cd-home/scripts","scriptPath":"/etc/passwd""#), "stages[0].scriptPath"),
                (stage(#""repoUrl":"cd-home/scripts","scriptPath":"a/./b.sh""#), "stages[0].scriptPath"),
                (stage(#""repoUrl":"cd-home/scripts","scriptPath":"deploy","command":"run.sh --force""#), "stages[0].command: names the script's file"),
                (stage(#""repoUrl":"cd-home/scripts","scriptPath":"run.sh","propertyFile":"../x""#), "stages[0].propertyFile"),
                (stage(#""repoUrl":"cd-home/scripts","scriptPath":"run.sh","repoBranch":"--upload-pack=x""#), "stages[0].repoBranch"),
                (stage(#""command":"echo hi","propertyFile":"app.properties""#), "stages[0].propertyFile: is read from the stage's repository"),
                (stage(#""command":"echo hi","scriptPath":"run.sh""#), "stages[0].scriptPath: is read from the stage's repository"),
            ]
            for (json, message) in bad {
                let reply = try await h.action("CreateCdPipeline", CdPipelineTests.body(json))
                #expect(reply.response["Error"]["Code"].string == "InvalidParameterValue", "\(reply.text)")
                #expect(reply.response["Error"]["Message"].string?.contains(message) == true, "\(message): \(reply.text)")
            }
            #expect(try await h.store.cdPipelines.list(application: "shop").isEmpty)

            // Kept as written; a depot of another project than the one running the pipeline is refused when triggered.
            let ok = stage(#""repoUrl":"cd-home/scripts","repoBranch":"v2","scriptPath":"deploy","command":"run.sh","propertyFile":"app.properties""#)
            #expect(try await h.action("CreateCdPipeline", CdPipelineTests.body(ok)).response["Error"].isNull)
            let config = try await h.action("DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"ops"}"#)
            let kept = JSONValue(text: config.response["Data"]["PipelineConfig"]["JsonContent"].string ?? "")["stages"][0]
            #expect(kept["repoUrl"].string == "cd-home/scripts" && kept["propertyFile"].string == "app.properties", "\(config.text)")
            let foreign = CdPipelineTests.pipeline(
                "foreign", stages: #"[{"refId":"1","type":"script","agentMachineId":0,"repoUrl":"elsewhere/tools","scriptPath":"run.sh"}]"#)
            #expect(try await h.action("CreateCdPipeline", CdPipelineTests.body(foreign)).response["Error"].isNull)
            let bound = try await h.action("BindCdApplicationToProject", #"{"ProjectName":"cd-home","Application":"shop"}"#)
            #expect(bound.response["Error"].isNull, "\(bound.text)")
            let refused = try await h.action("TriggerCdPipeline", #"{"Application":"shop","PipelineNameOrId":"foreign"}"#)
            #expect(
                refused.response["Error"]["Message"].string?.contains(
                    "runs a script of depot elsewhere/tools, which is not in project cd-home, where the pipeline runs") == true, "\(refused.text)")
            let empty = try await h.action("TriggerCdPipeline", #"{"Application":"shop","PipelineNameOrId":"ops"}"#)
            #expect(empty.response["Error"]["Message"].string?.contains("depot cd-home/scripts has no branch, tag or commit v2") == true, "\(empty.text)")
            let parameter = #"{"Application":"shop","PipelineNameOrId":"ops","TriggerJsonContent":"{\"parameters\":{\"BASH_ENV\":\"/tmp/x\"}}"}"#
            let reserved = try await h.action("TriggerCdPipeline", parameter)
            #expect(reserved.response["Error"]["Message"].string?.contains("BASH_ENV is a name the shell or the system acts on") == true, "\(reserved.text)")
        }
    }
}
