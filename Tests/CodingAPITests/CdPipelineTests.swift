import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// CODING CD pipeline configs: saved (each save a CD task execution), listed in order, read by
/// whoever may see the application, reordered and deleted; a stage Slipway cannot run, unknown
/// requisites and cycles are refused when the pipeline is saved.
@Suite struct CdPipelineTests {
    static func body(_ json: String) -> String { #"{"PipelineJsonContent":\#(JSONValue.string(json).jsonText)}"# }

    static func pipeline(_ name: String, stages: String = #"[{"refId":"1","requisiteStageRefIds":[],"type":"wait","name":"wait","waitTime":10}]"#) -> String {
        #"{"application":"shop","name":"\#(name)","keepWaitingPipelines":false,"limitConcurrent":true,"stages":\#(stages),"triggers":[],"index":0}"#
    }

    static func makeApplication(_ h: CodingHarness) async throws {
        let content = #"{"job":[{"type":"createApplication","application":{"name":"shop","cloudProviders":"hostserver"}}],"application":"shop"}"#
        let created = try await h.action("CreateCdTask", #"{"TaskJsonContent":\#(JSONValue.string(content).jsonText)}"#)
        #expect(created.response["Error"].isNull, "\(created.text)")
    }

    @Test(arguments: CodingStoreKind.enabled)
    func pipelinesAreSavedListedReorderedAndDeleted(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await Self.makeApplication(h)
            for name in ["build", "deploy"] {
                let saved = try await h.action("CreateCdPipeline", Self.body(Self.pipeline(name)))
                let task = try #require(saved.response["Data"]["TaskExecutionId"].string, "\(saved.text)")
                let status = try await h.action("DescribeCdTask", #"{"TaskExecutionId":"\#(task)"}"#)
                #expect(status.response["Data"]["TaskExecutionStatus"].string == "SUCCEEDED", "\(status.text)")
            }
            let listed = try await h.action("DescribeCdPipelineConfigs", #"{"Application":"shop"}"#)
            let configs = listed.response["Data"]["PipelineConfigs"].array
            #expect(configs.map { $0["Name"].string } == ["build", "deploy"], "\(listed.text)")
            let first = JSONValue(text: configs[0]["JsonContent"].string ?? "")
            #expect(first["id"].string == configs[0]["Id"].string && first["index"].int == 0 && first["lastModifiedBy"].string == "admin")
            #expect(first["stages"][0]["waitTime"].int == 10 && first["limitConcurrent"].bool == true)

            // Renamed and changed by id; a second pipeline of the same name is refused.
            let buildID = try #require(configs[0]["Id"].string), deployID = try #require(configs[1]["Id"].string)
            let modified = try await h.action(
                "ModifyCdPipeline",
                #"{"PipelineConfigId":"\#(buildID)","PipelineJsonContent":\#(JSONValue.string(Self.pipeline("build-2")).jsonText)}"#)
            #expect(modified.response["Error"].isNull, "\(modified.text)")
            let one = try await h.action("DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"build-2"}"#)
            #expect(one.response["Data"]["PipelineConfig"]["Id"].string == buildID, "\(one.text)")
            let twice = try await h.action("CreateCdPipeline", Self.body(Self.pipeline("deploy")))
            let twiceID = try #require(twice.response["Data"]["TaskExecutionId"].string)
            let failed = try await h.action("DescribeCdTask", #"{"TaskExecutionId":"\#(twiceID)"}"#)
            #expect(failed.response["Data"]["TaskExecutionStatus"].string == "TERMINAL", "\(failed.text)")

            let reordered = try await h.action(
                "ReorderCdPipelines",
                #"{"Application":"shop","PipelineIdsIndices":[{"PipelineId":"\#(deployID)","Index":0},{"PipelineId":"\#(buildID)","Index":1}]}"#)
            #expect(reordered.response["Data"]["TaskExecutionStatus"].string == "SUCCEEDED", "\(reordered.text)")
            let again = try await h.action("DescribeCdPipelineConfigs", #"{"Application":"shop"}"#).response["Data"]["PipelineConfigs"].array
            #expect(again.map { $0["Name"].string } == ["deploy", "build-2"])

            #expect(try await h.action("DeleteCdPipeline", #"{"Application":"shop","PipelineName":"deploy"}"#).response["Error"].isNull)
            let gone = try await h.action("DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"deploy"}"#)
            #expect(gone.response["Error"]["Code"].string == "ResourceNotFound")
            // Deleting the application takes its pipelines.
            let content = #"{"job":[{"type":"deleteApplication","application":{"name":"shop"}}],"application":"shop"}"#
            _ = try await h.action("CreateCdTask", #"{"TaskJsonContent":\#(JSONValue.string(content).jsonText)}"#)
            #expect(try await h.store.cdPipelines.list(application: "shop").isEmpty)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func pipelinesSlipwayCannotRunAreRefusedWhenSaved(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await Self.makeApplication(h)
            let bad = [
                Self.pipeline("p", stages: #"[{"refId":"1","type":"deployManifest"}]"#),
                Self.pipeline("p", stages: #"[{"refId":"1","type":"wait","waitTime":-1}]"#),
                Self.pipeline("p", stages: #"[{"refId":"1","type":"wait","waitTime":1},{"refId":"1","type":"wait","waitTime":1}]"#),
                Self.pipeline("p", stages: #"[{"refId":"1","type":"wait","waitTime":1,"requisiteStageRefIds":["9"]}]"#),
                Self.pipeline(
                    "p",
                    stages:
                        #"[{"refId":"1","type":"wait","waitTime":1,"requisiteStageRefIds":["2"]},{"refId":"2","type":"manualJudgment","requisiteStageRefIds":["1"]}]"#
                ),
                Self.pipeline("p", stages: #""none""#),
                Self.pipeline("").replacingOccurrences(of: #""name":"""#, with: #""name":"""#),
                #"{"application":"shop","name":"p","stages":[],"triggers":[{"type":"cron"}]}"#,
                #"{"application":"ghost","name":"p","stages":[]}"#,
                "[]", "not json",
            ]
            for json in bad {
                let reply = try await h.action("CreateCdPipeline", Self.body(json))
                #expect(reply.status == .ok)
                #expect(["InvalidParameterValue", "ResourceNotFound"].contains(reply.response["Error"]["Code"].string ?? ""), "\(json): \(reply.text)")
            }
            #expect(try await h.store.cdPipelines.list(application: "shop").isEmpty)
            let ok = Self.pipeline(
                "p",
                stages:
                    #"[{"refId":"1","type":"wait","waitTime":1},{"refId":"2","type":"manualJudgment","instructions":"go?","requisiteStageRefIds":["1"]}]"#)
            #expect(try await h.action("CreateCdPipeline", Self.body(ok)).response["Error"].isNull)
            let wrongID = try await h.action("ModifyCdPipeline", #"{"PipelineConfigId":"nope","PipelineJsonContent":\#(JSONValue.string(ok).jsonText)}"#)
            #expect(wrongID.response["Error"]["Code"].string == "ResourceNotFound")
            let badOrder = try await h.action("ReorderCdPipelines", #"{"Application":"shop","PipelineIdsIndices":[{"PipelineId":"nope","Index":0}]}"#)
            #expect(badOrder.response["Data"]["TaskExecutionStatus"].string == "TERMINAL", "\(badOrder.text)")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func pipelinesFollowTheApplicationsVisibility(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await Self.makeApplication(h)
            #expect(try await h.action("CreateCdPipeline", Self.body(Self.pipeline("p"))).response["Error"].isNull)
            let project = try await h.makeProject("alpha")
            let (_, member) = try await h.makeUser("dev")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(project),"Type":80,"UserGlobalKeyList":["dev"]}"#)
            let (_, stranger) = try await h.makeUser("stranger")
            let hidden = try await h.action("DescribeCdPipelineConfigs", #"{"Application":"shop"}"#, token: member)
            #expect(hidden.response["Error"]["Code"].string == "ResourceNotFound", "\(hidden.text)")
            _ = try await h.action("BindCdApplicationToProject", #"{"ProjectName":"alpha","Application":"shop"}"#)
            let seen = try await h.action("DescribeCdPipelineConfigs", #"{"Application":"shop"}"#, token: member)
            #expect(seen.response["Data"]["PipelineConfigs"].array.count == 1, "\(seen.text)")
            // A read-only member of the project reads the pipelines too, and may not change them.
            let (reader, readOnly) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "alpha", role: "read-only", subjects: [.user(uid: reader.uid)])
            let read = try await h.action("DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"p"}"#, token: readOnly)
            #expect(read.response["Error"].isNull, "\(read.text)")
            let write = try await h.action("DeleteCdPipeline", #"{"Application":"shop","PipelineName":"p"}"#, token: readOnly)
            #expect(write.response["Error"]["Code"].string == "UnauthorizedOperation", "\(write.text)")
            let strangers = try await h.action("DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"p"}"#, token: stranger)
            #expect(strangers.response["Error"]["Code"].string == "ResourceNotFound")
            for (action, body) in [
                ("CreateCdPipeline", Self.body(Self.pipeline("q"))), ("DeleteCdPipeline", #"{"Application":"shop","PipelineName":"p"}"#),
                ("ReorderCdPipelines", #"{"Application":"shop","PipelineIdsIndices":[{"PipelineId":"x","Index":0}]}"#),
            ] {
                let refused = try await h.action(action, body, token: member)
                #expect(refused.response["Error"]["Code"].string == "UnauthorizedOperation", "\(action): \(refused.text)")
                #expect(try await h.action(action, body, anonymous: true).response["Error"]["Code"].string == "AuthFailure")
            }
            #expect(try await h.store.cdPipelines.list(application: "shop").map(\.name) == ["p"])
        }
    }
}
