import Foundation
import SlipwayCore
import Testing

/// CODING CI actions take variables as `{Name, Value, Sensitive}` (any case): the operation log
/// keeps the calls without the values of sensitive variables or of variables named like secrets.
@Suite struct CodingCIAuditRedactionTests {
    static let secrets = ["coding-env-sensitive", "coding-env-named", "coding-modify-sensitive", "coding-modify-named"]

    static func jobBody(projectID: Int, depotID: Int, env: String, extra: String = "") -> String {
        let jenkinsfile = Harness.jsonString("pipeline {\n agent any\n stages { stage('a') { steps { sh 'true' } } }\n}")
        return """
            {"ProjectId":\(projectID),"DepotId":\(depotID),"Name":"audited-ci","ExecuteIn":"CVM","HookType":"BRANCH",
             "JenkinsFileFromType":"STATIC","JenkinsFileStaticContent":\(jenkinsfile),"AutoCancelSameRevision":false,
             "AutoCancelSameMergeRequest":false,"JobFromType":"CODING","DepotType":"CODING","EnvList":\(env)\(extra)}
            """
    }

    @Test(arguments: StoreKind.enabled)
    func ciJobVariablesStayOutOfTheOperationLog(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            #expect(try await app.makeProject("cilogged").status == .ok)
            let coding = Harness.Auth.codingToken(app.adminToken)
            let described = try await app.call(
                .post, "/open-api?Action=DescribeProjectByName", auth: coding, body: #"{"ProjectName":"cilogged"}"#)
            let projectID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
            let depot = try await app.call(
                .post, "/open-api?Action=CreateGitDepot", auth: coding, body: #"{"ProjectId":\#(projectID),"DepotName":"svc"}"#)
            let depotID = try #require(depot.json["Response"]["DepotId"].int, "\(depot.text)")
            let created = try await app.call(
                .post, "/open-api?Action=CreateCodingCIJob", auth: coding,
                body: Self.jobBody(
                    projectID: projectID, depotID: depotID,
                    env: """
                        [{"Name":"GREETING","Value":"hello","Sensitive":false},{"Name":"DEPLOY_KEY","Value":"coding-env-sensitive","Sensitive":true},
                         {"Name":"DB_PASSWORD","Value":"coding-env-named","Sensitive":false}]
                        """))
            let jobID = try #require(created.json["Response"]["Data"]["Id"].int, "\(created.text)")
            // CODING reads member names in any case and flags as strings: so does the log.
            let modified = try await app.call(
                .post, "/open-api?Action=ModifyCodingCIJob", auth: coding,
                body: Self.jobBody(
                    projectID: projectID, depotID: depotID,
                    env: """
                        [{"name":"DEPLOY_KEY","value":"coding-modify-sensitive","sensitive":"true"},
                         {"NAME":"API_TOKEN","VALUE":"coding-modify-named"}]
                        """, extra: #","Id":\#(jobID)"#))
            #expect(!modified.json["Response"]["Error"].exists, "\(modified.text)")
            #expect(try await app.store.ci.job(id: Int64(jobID))?.secrets["DEPLOY_KEY"] == "coding-modify-sensitive")

            let logs = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=50")
            #expect(StoredText.leaked(Self.secrets, in: logs.text) == [])
            let entries = logs.json["operation_logs"].array
            let create = try #require(entries.first { $0["function"].string == "CreateCodingCIJob" }, "\(logs.text)")
            #expect(create["method"].string == "CODING" && create["project_key"].string == "cilogged" && create["status"].int == 200)
            let createBody = JSON(create["request_body"].string ?? "")
            #expect(createBody["EnvList"][0]["Value"].string == "hello", "\(createBody)")
            #expect(createBody["EnvList"][1]["Value"].string == "***" && createBody["EnvList"][2]["Value"].string == "***")
            let modify = try #require(entries.first { $0["function"].string == "ModifyCodingCIJob" }, "\(logs.text)")
            let modifyBody = JSON(modify["request_body"].string ?? "")
            #expect(modifyBody["EnvList"][0]["value"].string == "***" && modifyBody["EnvList"][1]["VALUE"].string == "***")
            let stored = try await app.store.operationLogs.list(OperationLogQuery(page: 1, perPage: 50))
            #expect(StoredText.leaked(Self.secrets, in: "\(stored.items)") == [])
        }
    }
}
