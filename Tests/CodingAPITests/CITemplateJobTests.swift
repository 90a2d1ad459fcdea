import Foundation
import SlipwayCore
import SlipwayServices
import Testing

/// CreateCodingCIJobByTeamTemplate: a CI job on a depot made from a team build template (kept by
/// administrators through `/api/slipway/ci/templates`), built for real; bad input; who may.
@Suite struct CITemplateJobTests {
    /// A team template with CIFixture's Jenkinsfile, `GREETING` and a sensitive `TOKEN`; its id.
    static func makeTemplate(_ h: CodingHarness, name: String = "team-build") async throws -> Int64 {
        let admin = try #require(try await h.store.users.find(account: "admin"))
        let template = CITemplate(
            name: name, description: "the team's build", jenkinsfile: CIFixture.jenkinsfile,
            env: [CIJob.Variable(name: "GREETING", value: "hello", sensitive: false), CIJob.Variable(name: "TOKEN", value: "", sensitive: true)])
        return try await CIService(h.context).createTemplate(template, secrets: ["TOKEN": "tok-s3cr3t"], by: admin).id
    }

    static func body(_ w: Workspace, template: Int64, name: String = "from-template", depotType: String = "CODING") -> String {
        #"{"ProjectId":\#(w.projectID),"DepotId":\#(w.depotID),"DepotType":"\#(depotType)","JobName":"\#(name)","TemplateId":\#(template)}"#
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aJobMadeFromATemplateBuildsTheDepot(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let template = try await Self.makeTemplate(h)
                let created = try await h.action("CreateCodingCIJobByTeamTemplate", Self.body(w, template: template))
                let jobID = try #require(created.response["Data"]["Id"].int, "\(created.text)")
                let job = try await h.action("DescribeCodingCIJob", #"{"JobId":\#(jobID)}"#).response["Job"]
                #expect(job["Name"].string == "from-template")
                #expect(job["DepotId"].int == w.depotID)
                #expect(job["JenkinsFileFromType"].string == "STATIC")
                #expect(job["JenkinsFileStaticContent"].string == CIFixture.jenkinsfile)
                #expect(job["EnvList"].array.map { $0["Name"].string ?? "" } == ["GREETING", "TOKEN"])
                #expect(job["EnvList"][1]["Value"].string == "", "a sensitive value is never answered")
                let fixture = CIFixture(h: h, w: w, jobID: Int64(jobID))
                let build = try await fixture.finished(try await fixture.trigger())
                #expect(build["Status"].string == "SUCCEED", "\(build)")
                let log =
                    try await h.action("DescribeCodingCIBuildLog", #"{"BuildId":\#(build["Id"].int ?? 0),"Start":0}"#).response["Data"]["Log"].string ?? ""
                #expect(log.contains("built hello at"), "\(log)")
                #expect(log.contains("secret=***") && !log.contains("tok-s3cr3t"), "the template's secret reached the build, masked: \(log)")
                // The job keeps its own copy: deleting the template leaves it.
                let admin = try #require(try await h.store.users.find(account: "admin"))
                try await CIService(h.context).deleteTemplate(template, by: admin)
                #expect(try await h.action("DescribeCodingCIJob", #"{"JobId":\#(jobID)}"#).response["Job"]["Id"].int == jobID)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badInputIsRefusedAndNothingIsMade(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let template = try await Self.makeTemplate(h)
                let good = Self.body(w, template: template)
                let cases: [(String, String)] = [
                    (good.replacingOccurrences(of: #","TemplateId":\#(template)"#, with: ""), "MissingParameter"),
                    (good.replacingOccurrences(of: #""JobName":"from-template","#, with: ""), "MissingParameter"),
                    (Self.body(w, template: 424242), "ResourceNotFound"),
                    (Self.body(w, template: template, depotType: "GITHUB"), "InvalidParameterValue"),
                    (Self.body(w, template: template, name: " "), "InvalidParameterValue"),
                    (good.replacingOccurrences(of: #""DepotId":\#(w.depotID)"#, with: #""DepotId":999999"#), "InvalidParameterValue"),
                    (good.replacingOccurrences(of: #""ProjectId":\#(w.projectID)"#, with: #""ProjectId":999999"#), "ResourceNotFound"),
                    (good.replacingOccurrences(of: #""TemplateId":\#(template)"#, with: #""TemplateId":"x""#), "InvalidParameter"),
                ]
                for (body, code) in cases {
                    let reply = try await h.action("CreateCodingCIJobByTeamTemplate", body)
                    #expect(reply.status == .ok && reply.response["Error"]["Code"].string == code, "\(body): \(reply.text)")
                    #expect(reply.response["Error"]["Message"].string?.isEmpty == false)
                }
                #expect(try await h.store.ci.jobs(projectKey: "alpha").isEmpty)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func onlyDevelopersMakeJobsFromTemplates(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let template = try await Self.makeTemplate(h)
                let fixture = CIFixture(h: h, w: w, jobID: 0)
                let (_, outsider) = try await h.makeUser("outsider")
                let reader = try await fixture.readOnlyMember("reader")
                try await fixture.checkAccess(
                    [("CreateCodingCIJobByTeamTemplate", Self.body(w, template: template), true)], outsider: outsider, reader: reader)
                #expect(try await h.store.ci.jobs(projectKey: "alpha").isEmpty, "nothing was made")
            }
        }
    }
}
