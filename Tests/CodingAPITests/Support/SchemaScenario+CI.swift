import Foundation
import SlipwayCore
import Testing

extension SchemaScenario {
    /// CODING CI: a job on the workspace's depot, a build run to its end, and every read of it.
    func ci() async throws {
        let created = try await call("CreateCodingCIJob", CIFixture.createBody(w, name: "schema-ci"))
        let jobID = try #require(created["Data"]["Id"].int, "\(created)")
        try await call("ModifyCodingCIJob", CIFixture.createBody(w, name: "schema-ci", extra: #","Id":\#(jobID)"#))
        try await call("DescribeCodingCIJob", #"{"JobId":\#(jobID)}"#)
        try await call("DescribeCodingCIJobs", #"{"ProjectId":\#(w.projectID)}"#)
        let triggered = try await call("TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"master"}"#)
        let buildID = try #require(triggered["Data"]["Build"]["Id"].int, "\(triggered)")
        let fixture = CIFixture(h: h, w: w, jobID: Int64(jobID))
        _ = try await fixture.finished(Int64(buildID))
        let build = #"{"BuildId":\#(buildID)"#
        try await call("DescribeCodingCIBuild", build + "}")
        try await call("DescribeCodingCIBuilds", #"{"JobId":\#(jobID),"PageNumber":1,"PageSize":10}"#)
        try await call("DescribeCodingCIBuildLog", build + #","Start":0}"#)
        try await call("DescribeCodingCIBuildLogRaw", build + #","Start":0}"#)
        let stages = try await call("DescribeCodingCIBuildStage", build + "}")
        let nodes = JSONValue(text: stages["Data"]["StageJsonString"].string ?? "[]")
        let stageID = try #require(nodes.array.first { $0["displayName"].string == "Build" }?["id"].string, "\(stages)")
        let steps = try await call("DescribeCodingCIBuildStep", build + #","StageId":\#(stageID)}"#)
        let stepID = try #require(JSONValue(text: steps["Data"]["StepJsonString"].string ?? "[]").array.first?["id"].string, "\(steps)")
        try await call("DescribeCodingCIBuildStepLog", build + #","StageId":\#(stageID),"StepId":\#(stepID),"Start":0}"#)
        try await call("DescribeCodingCIBuildEnvs", build + #","Type":"SYSTEM"}"#)
        try await call("ClearCodingCIJobCache", #"{"Id":\#(jobID)}"#)
        try await call("StopCodingCIBuild", build + "}")
        try await call("DeleteCodingCIBuild", build + "}")
        try await call("DeleteCodingCIJob", #"{"JobId":\#(jobID)}"#)
        let template = try await CITemplateJobTests.makeTemplate(h, name: "schema-template")
        let fromTemplate = try await call("CreateCodingCIJobByTeamTemplate", CITemplateJobTests.body(w, template: template, name: "schema-templated"))
        let templatedID = try #require(fromTemplate["Data"]["Id"].int, "\(fromTemplate)")
        try await call("DeleteCodingCIJob", #"{"JobId":\#(templatedID)}"#)
    }
}
