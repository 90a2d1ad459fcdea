import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every CODING CI action (ci.job, ci.build, ci.agent), on both stores: a valid call, a bad call
/// answered in the CODING envelope at HTTP 200 with nothing changed, and calls without
/// permission (no token, a token without the `project` scope, a non-member, a read-only member
/// where the action changes something, a member where only administrators may).
@Suite struct CIActionMatrixTests {
    /// In an order where each valid call leaves what the next needs. Ids: `P` project, `D` depot,
    /// `J` the fixture's job, `J2` a job the matrix makes, `B` a finished build, `S`/`T` its stage
    /// and step, `TPL` a team template, `A` an agent machine.
    static let cases: [ActionCase] = [
        ActionCase("CreateCodingCIJob", "{CREATE}", bad: "{BADCREATE}", "InvalidParameterValue", .write),
        ActionCase("ModifyCodingCIJob", "{MODIFY}", bad: #"{"Id":{J}}"#, "MissingParameter", .write),
        ActionCase("DescribeCodingCIJob", #"{"JobId":{J}}"#, bad: #"{"JobId":"x"}"#, "InvalidParameter", .read),
        ActionCase("DescribeCodingCIJobs", #"{"ProjectId":{P}}"#, bad: "{}", "MissingParameter", .read),
        ActionCase("ClearCodingCIJobCache", #"{"Id":{J}}"#, bad: #"{"Id":999999}"#, "ResourceNotFound", .write),
        ActionCase(
            "CreateCodingCIJobByTeamTemplate", #"{"ProjectId":{P},"DepotId":{D},"DepotType":"CODING","JobName":"from-template","TemplateId":{TPL}}"#,
            bad: #"{"ProjectId":{P},"DepotId":{D},"DepotType":"CODING","JobName":"from-template","TemplateId":424242}"#, "ResourceNotFound", .write),
        ActionCase(
            "TriggerCodingCIBuild", #"{"JobId":{J},"Revision":"master"}"#, bad: #"{"JobId":{J},"Revision":"no-such-branch"}"#, "InvalidParameterValue", .write),
        ActionCase("DescribeCodingCIBuild", #"{"BuildId":{B}}"#, bad: "{}", "MissingParameter", .read),
        ActionCase(
            "DescribeCodingCIBuilds", #"{"JobId":{J},"PageNumber":1,"PageSize":5}"#, bad: #"{"JobId":{J},"PageNumber":0,"PageSize":5}"#,
            "InvalidParameterValue", .read),
        ActionCase("DescribeCodingCIBuildLog", #"{"BuildId":{B},"Start":0}"#, bad: #"{"BuildId":{B},"Start":-1}"#, "InvalidParameterValue", .read),
        ActionCase("DescribeCodingCIBuildLogRaw", #"{"BuildId":{B},"Start":0}"#, bad: #"{"BuildId":{B},"Start":"x"}"#, "InvalidParameter", .read),
        ActionCase("DescribeCodingCIBuildStage", #"{"BuildId":{B}}"#, bad: #"{"BuildId":999999}"#, "ResourceNotFound", .read),
        ActionCase("DescribeCodingCIBuildStep", #"{"BuildId":{B},"StageId":{S}}"#, bad: #"{"BuildId":{B},"StageId":9999}"#, "ResourceNotFound", .read),
        ActionCase(
            "DescribeCodingCIBuildStepLog", #"{"BuildId":{B},"StageId":{S},"StepId":{T},"Start":0}"#,
            bad: #"{"BuildId":{B},"StageId":{S},"StepId":9999,"Start":0}"#, "ResourceNotFound", .read),
        ActionCase("DescribeCodingCIBuildEnvs", #"{"BuildId":{B},"Type":"SYSTEM"}"#, bad: #"{"BuildId":{B},"Type":"OTHER"}"#, "InvalidParameterValue", .read),
        ActionCase("StopCodingCIBuild", #"{"BuildId":{B}}"#, bad: #"{"BuildId":999999}"#, "ResourceNotFound", .write),
        ActionCase("DeleteCodingCIBuild", #"{"BuildId":{B}}"#, bad: #"{"BuildId":"one"}"#, "InvalidParameter", .write),
        ActionCase(
            "ModifyCodingCIAgentEnable", #"{"PoolId":1,"Id":{A},"Enable":false}"#, bad: #"{"PoolId":0,"Id":{A},"Enable":false}"#, "InvalidParameterValue",
            .admin),
        ActionCase("DeleteCodingCIJob", #"{"JobId":{J2}}"#, bad: #"{"JobId":999999}"#, "ResourceNotFound", .write),
    ]

    @Test func everyCIActionIsInTheMatrix() {
        let ci = Set(CodingRoutes.deliveryActions().keys.filter { $0.contains("CodingCI") })
        #expect(ci == Set(Self.cases.map(\.action)))
        #expect(ci.count == 19 && ci.allSatisfy { ActionScopes.required(for: $0) == "project" })
    }

    /// The fixture's ids: a project with a depot and a job (CIFixture), one finished build with
    /// its stage and step, a team template and an agent machine.
    static func ids(_ f: CIFixture) async throws -> [String: String] {
        let build = try await f.trigger()
        #expect(try await f.finished(build)["Status"].string == "SUCCEED")
        let stages = try await f.h.action("DescribeCodingCIBuildStage", #"{"BuildId":\#(build)}"#).response["Data"]["StageJsonString"].string
        let stage = try #require(JSONValue(text: stages ?? "").array.first { $0["displayName"].string == "Build" }?["id"].string)
        let steps = try await f.h.action("DescribeCodingCIBuildStep", #"{"BuildId":\#(build),"StageId":\#(stage)}"#).response["Data"]["StepJsonString"]
        let step = try #require(JSONValue(text: steps.string ?? "").array.first?["id"].string)
        let template = try await CITemplateJobTests.makeTemplate(f.h)
        let agent = try await f.h.store.agents.issue(name: "ci-node", labels: ["linux"]).agent
        return [
            "P": "\(f.w.projectID)", "D": "\(f.w.depotID)", "J": "\(f.jobID)", "J2": "\(f.jobID)", "B": "\(build)", "S": stage, "T": step,
            "TPL": "\(template)", "A": "\(agent.id)", "CREATE": CIFixture.createBody(f.w, name: "second"),
            "BADCREATE": CIFixture.createBody(f.w, name: "second").replacingOccurrences(of: #""ExecuteIn":"CVM""#, with: #""ExecuteIn":"MARS""#),
            "MODIFY": CIFixture.createBody(f.w, name: "renamed", extra: #","Id":\#(f.jobID)"#),
        ]
    }

    /// What the project's CI holds: jobs (name, cache size), builds (status), agents (enabled).
    static func snapshot(_ f: CIFixture) async throws -> [String] {
        let jobs = try await f.h.store.ci.jobs(projectKey: "alpha")
        var builds: [String] = []
        for job in jobs {
            let page = try await f.h.action("DescribeCodingCIBuilds", #"{"JobId":\#(job.id),"PageNumber":1,"PageSize":50}"#).response["Data"]
            builds += page["BuildList"].array.map { "\($0["Id"].int ?? 0) \($0["Status"].string ?? "")" }
        }
        let agents = try await f.h.store.agents.list().map { "\($0.id) \($0.enabled)" }
        return ["jobs \(jobs.map { "\($0.id) \($0.name)" })", "builds \(builds)", "agents \(agents)"]
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withMatrix(kind) { h, f, m, ids in
            var ids = ids
            try await m.badThenValid(Self.cases, ids: &ids) { c, answer, ids in
                switch c.action {
                case "CreateCodingCIJob": ids["J2"] = "\(answer["Data"]["Id"].int ?? 0)"
                case "TriggerCodingCIBuild":
                    let build = try #require(answer["Data"]["Build"]["Id"].int)
                    ids["B2"] = "\(build)"
                    #expect(try await f.finished(build)["Status"].string == "SUCCEED")
                default: break
                }
            }
            // What the valid calls did: the second job went, the renamed one and the template's stay;
            // build B went; the agent is disabled.
            let names = try await h.store.ci.jobs(projectKey: "alpha").map(\.name).sorted()
            #expect(names == ["from-template", "renamed"], "\(names)")
            let builds = try await h.action("DescribeCodingCIBuilds", #"{"JobId":\#(f.jobID),"PageNumber":1,"PageSize":10}"#).response["Data"]
            #expect(builds["BuildList"].array.map { $0["Id"].int.map { "\($0)" } } == [ids["B2"]], "\(builds)")
            #expect(try await h.store.agents.find(id: Int64(ids["A"] ?? "") ?? 0)?.enabled == false)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badCallsChangeNothing(kind: CodingStoreKind) async throws {
        try await withMatrix(kind) { h, f, m, ids in
            let before = try await Self.snapshot(f)
            for c in Self.cases {
                let bad = try #require(c.bad)
                #expect(try await m.code(c.action, ActionMatrix.fill(bad, ids)) == c.code, "\(c.action)")
            }
            #expect(try await Self.snapshot(f) == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withMatrix(kind) { h, f, m, ids in
            let before = try await Self.snapshot(f)
            try await m.refusals(Self.cases, ids: ids)
            #expect(try await Self.snapshot(f) == before, "a refused call changes nothing")
        }
    }

    /// The live harness with the CI fixture, the matrix over its project and the ids its cases name.
    func withMatrix(
        _ kind: CodingStoreKind, _ body: @escaping @Sendable (CodingHarness, CIFixture, ActionMatrix, [String: String]) async throws -> Void
    ) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                let m = try await ActionMatrix.make(h, project: "alpha", id: "\(f.w.projectID)")
                try await body(h, f, m, try await Self.ids(f))
            }
        }
    }
}
