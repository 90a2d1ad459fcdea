import Foundation
import SlipwayTestSupport
import Testing

/// Issue 11 point 7: the operation log covers the mutating calls of all three dialects and git
/// pushes; reads stay out, and no secret reaches it.
@Suite struct AuditLogTests {
    static func logs(_ app: Harness) async throws -> (entries: [JSON], text: String) {
        let reply = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=100")
        #expect(reply.status == .ok, "\(reply.text)")
        return (reply.json["operation_logs"].array, reply.text)
    }

    @Test(arguments: StoreKind.enabled)
    func everyDialectAndGitPushesAreListed(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            #expect(try await app.makeProject("audited").status == .ok)
            let coding = Harness.Auth.codingToken(app.adminToken)
            let described = try await app.call(
                .post, "/open-api?Action=DescribeProjectByName", auth: coding,
                body: #"{"ProjectName":"audited"}"#)
            let projectID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
            let depot = try await app.call(
                .post, "/open-api?Action=CreateGitDepot", auth: coding,
                body: #"{"ProjectId":\#(projectID),"DepotName":"app","Token":"coding-secret-1"}"#)
            #expect(depot.json["Response"]["DepotId"].int != nil, "\(depot.text)")

            try await withScratch { dir in
                let url = try #require(app.baseURL).replacingOccurrences(of: "http://", with: "http://git:\(app.adminToken)@")
                try await runGit(["init", "-q", "-b", "main"], in: dir)
                try FileManager.default.createDirectory(atPath: dir + "/src", withIntermediateDirectories: true)
                try "hello\n".write(toFile: dir + "/src/a.txt", atomically: true, encoding: .utf8)
                try await runGit(["add", "."], in: dir)
                try await runGit(["commit", "-q", "-m", "first"], in: dir)
                try await runGit(["push", "-q", url + "/slipway/audited/app.git", "HEAD:refs/heads/main"], in: dir)
            }

            let sdevs = Harness.Auth.cdToken(app.adminToken)
            #expect(try await app.call(.get, "/api/flow/application/list", auth: sdevs).status == .ok)
            let created = try await app.call(
                .post, "/api/flow/application/create", auth: sdevs,
                body: """
                    {"repo":"app","owner":"audited","repo_url":"http://x/audited/app.git","provider_repo_id":"0","provider":"coding",
                     "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}},"secrets":{"TOKEN":"sdevs-secret-2"}}
                    """)
            let appID = try #require(created.json["data"]["id"].string, "\(created.text)")
            let updated = try await app.call(
                .post, "/api/flow/application/update", auth: sdevs,
                body: #"{"id":"\#(appID)","description":"audited","secrets":{"NEW":"sdevs-secret-3"}}"#)
            #expect(updated.status == .ok, "\(updated.text)")

            let (entries, text) = try await Self.logs(app)
            func entry(_ method: String, _ function: String) -> JSON? {
                entries.first { $0["method"].string == method && $0["function"].string == function }
            }
            #expect(entry("OpenAPI新建", "项目")?["project_key"].string == "audited")
            let depotEntry = try #require(entry("CODING", "CreateGitDepot"), "\(text)")
            #expect(depotEntry["project_key"].string == "audited")
            #expect(depotEntry["detail"].string == "app")
            #expect(depotEntry["username"].string == "admin")
            #expect(depotEntry["status"].int == 200)
            let push = try #require(entry("git push", "audited/app"), "\(text)")
            #expect(push["username"].string == "admin")
            #expect(push["project_key"].string == "audited")
            #expect(push["detail"].string?.hasPrefix("refs/heads/main created ") == true, "\(push)")
            let create = try #require(entry("Serverless Devs", "application/create"), "\(text)")
            #expect(create["detail"].string == "audited/app")
            #expect(create["status"].int == 200)
            let update = try #require(entry("Serverless Devs", "application/update"), "\(text)")
            #expect(update["detail"].string == appID)
            #expect(update["project_key"].string == "audited")

            #expect(entries.allSatisfy { $0["function"].string?.hasPrefix("Describe") == false }, "CODING reads are not recorded")
            #expect(entry("Serverless Devs", "application/list") == nil, "Serverless Devs reads are not recorded")
            #expect(StoredText.leaked(["coding-secret-1", "sdevs-secret-2", "sdevs-secret-3"], in: text) == [])
            #expect(JSON(depotEntry["request_body"].string ?? "")["Token"].string == "***")
            #expect(JSON(create["request_body"].string ?? "")["secrets"]["TOKEN"].string == "***")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func failedCallsAreRecordedWithTheirStatusAndOversizedBodiesStillRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let sdevs = Harness.Auth.cdToken(app.adminToken)
            let missing = try await app.call(.post, "/api/flow/dispatch/cancel", auth: sdevs, body: #"{"taskId":"999-1"}"#)
            #expect(missing.status != .ok)
            let big = String(repeating: "x", count: 9 * 1024 * 1024)
            let oversized = try await app.call(.post, "/api/flow/application/create", auth: sdevs, body: #"{"repo":"\#(big)"}"#)
            #expect(oversized.status == .contentTooLarge, "\(oversized.status)")
            #expect(oversized.json["success"] == .bool(false), "the dialect still refuses it in its own envelope")
            let codingBig = try await app.call(
                .post, "/open-api?Action=CreateGitDepot", auth: .codingToken(app.adminToken),
                body: #"{"DepotName":"\#(big)"}"#)
            #expect(codingBig.json["Response"]["Error"]["Code"].string == "InvalidParameter", "\(codingBig.text.prefix(300))")

            let (entries, _) = try await Self.logs(app)
            let cancel = try #require(entries.first { $0["function"].string == "dispatch/cancel" })
            #expect(cancel["status"].int == Int(missing.status.code))
            #expect(cancel["detail"].string == "999-1")
            let refused = try #require(entries.first { $0["function"].string == "application/create" })
            #expect(refused["status"].int == 413)
            #expect(refused["request_body"].string == "")
            let codingRefused = try #require(entries.first { $0["function"].string == "CreateGitDepot" })
            #expect(codingRefused["status"].int == 400, "a CODING error inside its HTTP 200 envelope is recorded as a failure")
        }
    }
}
