import Foundation
import SlipwayCore
import SlipwayServices
import Testing

@testable import CodingAPI

/// Every CODING CD action (cd.pipeline, cd.host, cd.stats, cd.cloud-account, cd.application,
/// cd.task), on both stores: a valid call, a bad call answered in the CODING envelope at HTTP
/// 200 with nothing changed, and calls without permission (no token, a token without the
/// `project` scope, a non-member, a read-only member where the action changes something, a
/// project member where only administrators may).
@Suite struct CdActionMatrixTests {
    static func text(_ json: String) -> String { JSONValue.string(json).jsonText }

    static let window = CdStatisticsTests.window(1)
    static let reversed = #""StartAt":"2024-02-01 00:00:00","EndAt":"2024-01-01 00:00:00""#
    static let wait = #"[{"refId":"1","requisiteStageRefIds":[],"type":"wait","name":"wait","waitTime":0}]"#

    /// In an order where each valid call leaves what the next needs. Ids: `T` a CD task
    /// execution, `C` pipeline `p`'s config, `E` a finished execution of it, `G` a host group and
    /// `ACC` its account, `CA` a cloud account, `M` an agent machine; `G2`, `CA2` and `Q` the host
    /// group, cloud account and pipeline the valid calls make.
    static let cases: [ActionCase] = [
        ActionCase("CreateCdTask", "{UPDATE}", bad: #"{"TaskJsonContent":"not json"}"#, "InvalidParameterValue", .admin),
        ActionCase("DescribeCdTask", #"{"TaskExecutionId":"{T}"}"#, bad: #"{"TaskExecutionId":"01EXRMY8X07T4Q2N65EGKCHZQ8"}"#, "ResourceNotFound", .owner),
        ActionCase(
            "BindCdApplicationToProject", #"{"ProjectName":"cd-home","Application":"shop"}"#, bad: #"{"ProjectName":"cd-home","Application":"ghost"}"#,
            "ResourceNotFound", .admin),
        ActionCase("DescribeCdApplicationsByProject", #"{"ProjectName":"cd-home"}"#, bad: "{}", "MissingParameter", .read),
        ActionCase("DescribeCdApplications", "{}", bad: nil, "", .read, stranger: ""),
        ActionCase("DescribeCdApplication", #"{"Application":"shop"}"#, bad: #"{"Application":"ghost"}"#, "ResourceNotFound", .read),
        ActionCase("CreateCdPipeline", #"{"PipelineJsonContent":{PIPE_Q}}"#, bad: #"{"PipelineJsonContent":{PIPE_BAD}}"#, "InvalidParameterValue", .admin),
        ActionCase(
            "ModifyCdPipeline", #"{"PipelineConfigId":"{C}","PipelineJsonContent":{PIPE_P}}"#,
            bad: #"{"PipelineConfigId":"nope","PipelineJsonContent":{PIPE_P}}"#,
            "ResourceNotFound", .admin),
        ActionCase("DescribeCdPipelineConfigs", #"{"Application":"shop"}"#, bad: #"{"Application":"ghost"}"#, "ResourceNotFound", .read),
        ActionCase(
            "DescribeCdPipelineConfig", #"{"Application":"shop","PipelineName":"p"}"#, bad: #"{"Application":"shop","PipelineName":"nope"}"#,
            "ResourceNotFound", .read),
        ActionCase(
            "ReorderCdPipelines", #"{"Application":"shop","PipelineIdsIndices":[{"PipelineId":"{C}","Index":1},{"PipelineId":"{Q}","Index":0}]}"#,
            bad: #"{"Application":"shop","PipelineIdsIndices":"x"}"#, "InvalidParameter", .admin),
        ActionCase(
            "TriggerCdPipeline", #"{"Application":"shop","PipelineNameOrId":"p"}"#,
            bad: #"{"Application":"shop","PipelineNameOrId":"p","TriggerJsonContent":"[1]"}"#,
            "InvalidParameterValue", .write),
        ActionCase("DescribeCdPipeline", #"{"PipelineExecutionId":"{E}"}"#, bad: #"{"PipelineExecutionId":"01NOPE"}"#, "ResourceNotFound", .read),
        ActionCase("DescribeExecutionsByConfigId", #"{"ConfigId":"{C}","Limit":5}"#, bad: #"{"ConfigId":"{C}","Limit":0}"#, "InvalidParameter", .read),
        ActionCase(
            "CancelCdPipeline", #"{"PipelineExecutionId":"{E}","Reason":"done"}"#, bad: #"{"PipelineExecutionId":"{E}","Reason":"{LONG}"}"#,
            "InvalidParameterValue", .write),
        ActionCase(
            "DescribeHostServerInstance", #"{"Account":"{ACC}","ServerGroupName":"shop-app-v000"}"#, bad: #"{"Account":"{ACC}"}"#, "MissingParameter", .admin),
        ActionCase(
            "DescribeCdDeployCountByProject", #"{"ProjectName":"cd-home",{WIN}}"#, bad: #"{"ProjectName":"cd-home",{REV}}"#, "InvalidParameterValue", .read),
        ActionCase(
            "DescribeCdDeployTrendByProject", #"{"ProjectName":"cd-home",{WIN}}"#, bad: #"{"ProjectName":"cd-home",{REV}}"#, "InvalidParameterValue", .read),
        ActionCase(
            "DescribeCdDeployTimeByProject", #"{"ProjectName":"cd-home",{WIN}}"#, bad: #"{"ProjectName":"cd-home","StartAt":"yesterday","EndAt":"today"}"#,
            "InvalidParameterValue", .read),
        ActionCase("DescribeCdDeployCountByApplications", #"{"Application":["shop"],{WIN}}"#, bad: #"{"Application":"shop",{WIN}}"#, "InvalidParameter", .read),
        ActionCase(
            "DescribeCdDeployTrendByApplications", #"{"Application":["shop"],{WIN}}"#, bad: #"{"Application":["shop"],{REV}}"#, "InvalidParameterValue", .read),
        ActionCase(
            "DescribeCdDeployTimeByApplications", #"{"Applicatio":["shop"],{WIN}}"#, bad: #"{"Applicatio":["shop"],"StartAt":"x"}"#, "MissingParameter", .read),
        ActionCase("DescribeAgentSecret", "{}", bad: nil, "", .admin),
        ActionCase("DescribeCdAgentMachines", #"{"PageNumber":1,"PageSize":10}"#, bad: #"{"PageNumber":"x"}"#, "InvalidParameter", .admin),
        ActionCase("DescribeCdHostServerGroups", #"{"PageNumber":1,"PageSize":10}"#, bad: #"{"PageSize":0}"#, "InvalidParameterValue", .admin),
        ActionCase("CreateCdHostServerGroup", "{GROUP2}", bad: "{BADGROUP}", "InvalidParameterValue", .admin),
        ActionCase("ModifyCdHostServerGroup", "{MODGROUP}", bad: "{MODGHOST}", "ResourceNotFound", .admin),
        ActionCase("DescribeCdHostServerGroup", #"{"Id":{G}}"#, bad: #"{"Id":999999}"#, "ResourceNotFound", .admin),
        ActionCase("CreateCdCloudAccount", "{ACCOUNT2}", bad: #"{"CloudProvider":"AWS","Name":"x","Credential":{}}"#, "InvalidParameterValue", .admin),
        ActionCase("ModifyCdCloudAccount", #"{"Id":{CA},"Name":"renamed",{CRED}}"#, bad: #"{"Id":999999,"Name":"renamed",{CRED}}"#, "ResourceNotFound", .admin),
        ActionCase("DescribeCdCloudAccounts", #"{"PageNumber":1,"PageSize":10}"#, bad: #"{"PageNumber":-1}"#, "InvalidParameterValue", .admin),
        ActionCase("DeleteCdCloudAccount", #"{"Id":{CA2}}"#, bad: #"{"Id":999999}"#, "ResourceNotFound", .admin),
        ActionCase("DeleteCdHostServerGroup", #"{"Id":{G2}}"#, bad: #"{"Id":999999}"#, "ResourceNotFound", .admin),
        ActionCase(
            "DeleteCdPipeline", #"{"Application":"shop","PipelineName":"{QNAME}"}"#, bad: #"{"Application":"shop","PipelineName":"nope"}"#, "ResourceNotFound",
            .admin),
    ]

    @Test func everyCdActionIsInTheMatrix() {
        let cd = Set(CodingRoutes.deliveryActions().keys.filter { !$0.contains("CodingCI") })
        #expect(cd == Set(Self.cases.map(\.action)))
        #expect(cd.count == 34 && cd.allSatisfy { ActionScopes.required(for: $0) == "project" })
    }

    /// Application `shop` bound to project `cd-home` with pipeline `p` run once, a host group, a
    /// cloud account and an agent machine; their ids and the bodies the cases fill in.
    static func ids(_ h: CodingHarness) async throws -> [String: String] {
        let created = try await h.action("CreateCdTask", CdApplicationTests.task("createApplication", "shop", #""cloudProviders":"hostserver""#))
        let task = try #require(created.response["Data"]["TaskExecutionId"].string, "\(created.text)")
        let project = try await h.makeProject("cd-home")
        #expect(try await h.action("BindCdApplicationToProject", #"{"ProjectName":"cd-home","Application":"shop"}"#).response["Error"].isNull)
        let saved = try await h.action("CreateCdPipeline", CdPipelineTests.body(CdPipelineTests.pipeline("p", stages: Self.wait)))
        #expect(saved.response["Error"].isNull, "\(saved.text)")
        let config = try #require(try await h.store.cdPipelines.get(application: "shop", name: "p")?.id)
        let run = try await h.action("TriggerCdPipeline", #"{"Application":"shop","PipelineNameOrId":"p"}"#)
        let execution = try #require(run.response["Data"]["PipelineExecutionId"].string, "\(run.text)")
        #expect(try await CdExecutionTests.finished(h, execution)["PipelineExecutionStatus"].string == "SUCCEEDED")
        let group = try await h.action("CreateCdHostServerGroup", CdTargetTests.group)
        let groupID = try #require(group.response["Data"]["HostServerGroup"]["Id"].int, "\(group.text)")
        let account = try await h.action("CreateCdCloudAccount", CdTargetTests.tencent)
        let accountID = try #require(account.response["Data"]["CloudAccount"]["Id"].int, "\(account.text)")
        let machine = try await h.store.agents.issue(name: "deployer", labels: ["cd"]).agent
        let credential = #""Credential":{"KubernetesType":"DEFAULT","TencentCloudAccount":{"SecretId":"AKID1","Regions":[]}}"#
        let update = #"{"job":[{"type":"updateApplication","application":{"name":"shop","description":"the shop"}}],"application":"shop"}"#
        return [
            "PID": "\(project)", "T": task, "C": config, "E": execution, "Q": config, "QNAME": "p", "G": "\(groupID)", "G2": "\(groupID)",
            "ACC": "cred-0-\(groupID)",
            "CA": "\(accountID)", "CA2": "\(accountID)", "M": "\(machine.id)", "WIN": Self.window, "REV": Self.reversed,
            "LONG": String(repeating: "x", count: 1_001), "CRED": credential, "UPDATE": #"{"TaskJsonContent":\#(Self.text(update))}"#,
            "PIPE_Q": Self.text(CdPipelineTests.pipeline("q", stages: Self.wait)),
            "PIPE_P": Self.text(
                CdPipelineTests.pipeline("p", stages: Self.wait).replacingOccurrences(of: #""limitConcurrent":true"#, with: #""limitConcurrent":false"#)),
            "PIPE_BAD": Self.text(CdPipelineTests.pipeline("q", stages: #"[{"refId":"1","type":"deployManifest"}]"#)),
            "GROUP2": CdTargetTests.group.replacingOccurrences(of: "web-hosts", with: "db-hosts"),
            "BADGROUP": CdTargetTests.group.replacingOccurrences(of: "web-hosts", with: "db-hosts").replacingOccurrences(
                of: #""Port":22"#, with: #""Port":70000"#),
            "MODGROUP": CdTargetTests.group.replacingOccurrences(of: "{", with: #"{"Id":\#(groupID),"#).replacingOccurrences(
                of: #""Port":22"#, with: #""Port":2222"#),
            "MODGHOST": CdTargetTests.group.replacingOccurrences(of: "{", with: #"{"Id":999999,"#),
            "ACCOUNT2": CdTargetTests.tencent.replacingOccurrences(of: #""Name":"tencent""#, with: #""Name":"tencent-2""#),
        ]
    }

    /// What CD holds: applications, bindings, pipelines, executions, host groups, cloud accounts, agents.
    static func snapshot(_ h: CodingHarness, config: String) async throws -> [String] {
        [
            "applications \(try await h.store.cdApplications.list().map { "\($0.name) \($0.description)" })",
            "bound \(try await h.store.cdApplications.boundApplications(projectKeys: ["cd-home"]))",
            "pipelines \(try await h.store.cdPipelines.list(application: "shop").map { "\($0.name) \($0.position) \($0.document.jsonText.count)" })",
            "executions \(try await h.store.cdExecutions.list(configID: config, limit: 50).map { "\($0.id) \($0.cancelReason)" })",
            "groups \(try await h.store.hostServerGroups.list(keyword: "", page: 1, pageSize: 50).items.map { "\($0.displayName) \($0.port)" })",
            "accounts \(try await h.store.cloudAccounts.list(keyword: "", page: 1, pageSize: 50).items.map(\.name))",
            "agents \(try await h.store.agents.list().map { "\($0.id) \($0.enabled)" })",
        ]
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            var ids = try await Self.ids(h)
            let m = try await ActionMatrix.make(h, project: "cd-home", id: ids["PID"] ?? "")
            try await m.badThenValid(Self.cases, ids: &ids) { c, answer, ids in
                switch c.action {
                case "CreateCdPipeline":
                    ids["Q"] = try #require(try await h.store.cdPipelines.get(application: "shop", name: "q")?.id)
                    ids["QNAME"] = "q"
                case "TriggerCdPipeline":
                    let id = try #require(answer["Data"]["PipelineExecutionId"].string)
                    #expect(try await CdExecutionTests.finished(h, id)["PipelineExecutionStatus"].string == "SUCCEEDED")
                case "CreateCdHostServerGroup": ids["G2"] = "\(answer["Data"]["HostServerGroup"]["Id"].int ?? 0)"
                case "CreateCdCloudAccount": ids["CA2"] = "\(answer["Data"]["CloudAccount"]["Id"].int ?? 0)"
                default: break
                }
            }
            // What the valid calls did.
            #expect(try await h.store.cdApplications.get(name: "shop")?.description == "the shop")
            #expect(try await h.store.cdPipelines.list(application: "shop").map(\.name) == ["p"])
            #expect(try await h.store.cdPipelines.get(application: "shop", name: "p")?.document["limitConcurrent"].bool == false)
            #expect(try await h.store.cdExecutions.list(configID: ids["C"] ?? "", limit: 10).count == 2)
            let groups = try await h.store.hostServerGroups.list(keyword: "", page: 1, pageSize: 10).items
            #expect(groups.map { "\($0.displayName) \($0.port)" } == ["web-hosts 2222"])
            #expect(try await h.store.cloudAccounts.list(keyword: "", page: 1, pageSize: 10).items.map(\.name) == ["renamed"])
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badCallsChangeNothing(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let ids = try await Self.ids(h)
            let m = try await ActionMatrix.make(h, project: "cd-home", id: ids["PID"] ?? "")
            let before = try await Self.snapshot(h, config: ids["C"] ?? "")
            for c in Self.cases {
                guard let bad = c.bad else { continue }
                #expect(try await m.code(c.action, ActionMatrix.fill(bad, ids)) == c.code, "\(c.action)")
            }
            #expect(try await Self.snapshot(h, config: ids["C"] ?? "") == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let ids = try await Self.ids(h)
            let m = try await ActionMatrix.make(h, project: "cd-home", id: ids["PID"] ?? "")
            let before = try await Self.snapshot(h, config: ids["C"] ?? "")
            try await m.refusals(Self.cases, ids: ids)
            #expect(try await Self.snapshot(h, config: ids["C"] ?? "") == before, "a refused call changes nothing")
            // A non-member's application list is answered without the project's application.
            let listed = try await m.call("DescribeCdApplications", "{}", token: m.stranger)
            #expect(listed["Data"]["Applications"].array.isEmpty, "\(listed)")
        }
    }
}
