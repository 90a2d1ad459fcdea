import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// CODING CI jobs: create, modify, describe, list, clear the cache, delete; refusals in the
/// CODING envelope; sensitive variables sealed at rest and never returned; who may do what.
@Suite struct CIJobActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func jobsAreSavedCheckedAndNeverShowSecrets(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                let job = try await h.action("DescribeCodingCIJob", #"{"JobId":\#(f.jobID)}"#).response["Job"]
                #expect(job["Name"].string == "build" && job["DepotId"].int == f.w.depotID && job["ProjectId"].int == f.w.projectID)
                #expect(job["EnvList"][0]["Value"].string == "hello")
                #expect(job["EnvList"][1]["Sensitive"].bool == true && job["EnvList"][1]["Value"].string == "", "\(job)")
                #expect(job["CachePathList"][0]["AbsolutePath"].string == "cache")
                let raw = try await h.store.sql.read { db in
                    try await db.raw("SELECT secrets, config FROM ci_jobs").first()
                }
                let sealed = try #require(try raw?.decode(column: "secrets", as: String.self))
                #expect(sealed.hasPrefix("enc:v1:") && !sealed.contains("tok-s3cr3t"))
                #expect(try raw?.decode(column: "config", as: String.self).contains("tok-s3cr3t") == false)

                // Modify: a sensitive variable sent empty keeps its stored value.
                let modified = try await h.action(
                    "ModifyCodingCIJob",
                    CIFixture.createBody(f.w, name: "renamed", extra: #","Id":\#(f.jobID)"#).replacingOccurrences(of: "tok-s3cr3t", with: ""))
                #expect(modified.response["Error"].isNull, "\(modified.text)")
                #expect(try await h.store.ci.job(id: f.jobID)?.secrets["TOKEN"] == "tok-s3cr3t")
                let list = try await h.action("DescribeCodingCIJobs", #"{"ProjectId":\#(f.w.projectID),"Filter":[{"Name":"Name","Value":["renamed"]}]}"#)
                #expect(list.response["JobList"].array.map { $0["Name"].string } == ["renamed"], "\(list.text)")
                let none = try await h.action("DescribeCodingCIJobs", #"{"ProjectId":\#(f.w.projectID),"Filter":[{"Name":"Name","Value":["x"]}]}"#)
                #expect(none.response["JobList"].array.isEmpty)

                #expect(try await h.action("ClearCodingCIJobCache", #"{"Id":\#(f.jobID)}"#).response["Error"].isNull)
                #expect(try await h.action("DeleteCodingCIJob", #"{"JobId":\#(f.jobID)}"#).response["Error"].isNull)
                let gone = try await h.action("DescribeCodingCIJob", #"{"JobId":\#(f.jobID)}"#)
                #expect(gone.response["Error"]["Code"].string == "ResourceNotFound")
                #expect(try await h.store.workflows.get(key: CIJob.workflowKey(id: f.jobID)) == nil, "the job's workflow goes with it")
            }
        }
    }

    /// A Jenkinsfile outside the subset is refused on save, with its line and column, in the
    /// CODING envelope at HTTP 200; so are bad fields.
    @Test(arguments: CodingStoreKind.enabled)
    func badJobsAreRefusedWithTheReason(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let scripted = "pipeline {\n  agent any\n  stages { stage('a') { steps { script { x() } } } }\n}"
                let refused = try await h.action("CreateCodingCIJob", CIFixture.createBody(w, jenkinsfile: scripted))
                #expect(refused.status == .ok)
                #expect(refused.response["Error"]["Code"].string == "InvalidParameterValue", "\(refused.text)")
                #expect(refused.response["Error"]["Message"].string?.contains("Jenkinsfile line 3:33: step script is not supported") == true, "\(refused.text)")
                let cases: [(String, String)] = [
                    (CIFixture.createBody(w).replacingOccurrences(of: #""ExecuteIn":"CVM""#, with: #""ExecuteIn":"MARS""#), "InvalidParameterValue"),
                    (CIFixture.createBody(w).replacingOccurrences(of: #""Name":"build","#, with: ""), "MissingParameter"),
                    (
                        CIFixture.createBody(w).replacingOccurrences(of: #""AbsolutePath":"cache""#, with: #""AbsolutePath":"/root/.m2""#),
                        "InvalidParameterValue"
                    ),
                    (CIFixture.createBody(w).replacingOccurrences(of: #""DepotId":\#(w.depotID)"#, with: #""DepotId":999999"#), "InvalidParameterValue"),
                    (CIFixture.createBody(w).replacingOccurrences(of: #""ProjectId":\#(w.projectID)"#, with: #""ProjectId":999999"#), "ResourceNotFound"),
                    (#"{"Name":"n","ProjectId":"x"}"#, "InvalidParameter"),
                ]
                for (body, code) in cases {
                    let reply = try await h.action("CreateCodingCIJob", body)
                    #expect(reply.status == .ok && reply.response["Error"]["Code"].string == code, "\(body): \(reply.text)")
                }
                #expect(try await h.store.ci.jobs(projectKey: "alpha").isEmpty)
                let unknown = try await h.action("DescribeCodingCIJob", #"{"JobId":424242}"#)
                #expect(unknown.response["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }

    /// Non-members are told the job does not exist, read-only members may only read, and a
    /// call without a token is refused.
    @Test(arguments: CodingStoreKind.enabled)
    func whoMayDoWhatWithJobs(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                let (_, outsider) = try await h.makeUser("outsider")
                let reader = try await f.readOnlyMember("reader")
                let calls: [(action: String, body: String, write: Bool)] = [
                    ("CreateCodingCIJob", CIFixture.createBody(f.w, name: "second"), true),
                    ("ModifyCodingCIJob", CIFixture.createBody(f.w, extra: #","Id":\#(f.jobID)"#), true),
                    ("ClearCodingCIJobCache", #"{"Id":\#(f.jobID)}"#, true),
                    ("DeleteCodingCIJob", #"{"JobId":\#(f.jobID)}"#, true),
                    ("DescribeCodingCIJob", #"{"JobId":\#(f.jobID)}"#, false),
                    ("DescribeCodingCIJobs", #"{"ProjectId":\#(f.w.projectID)}"#, false),
                ]
                try await f.checkAccess(calls, outsider: outsider, reader: reader)
                #expect(try await h.store.ci.jobs(projectKey: "alpha").count == 1, "nothing was created or deleted")
            }
        }
    }
}
