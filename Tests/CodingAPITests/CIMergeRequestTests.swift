import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import Testing

/// A merge request's builds (`MR_CHANGE`) post commit statuses on its source tip, so branch
/// protection's required status checks block a red merge request and let a green one merge.
@Suite struct CIMergeRequestTests {
    @Test(arguments: CodingStoreKind.enabled)
    func mergeRequestBuildsGateTheMerge(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                // As the composition root wires it: task events on the bus, CI listening there.
                await h.context.engine.addObserver(TaskEventPublisher(events: h.context.events))
                CIService(h.context).subscribe()
                let w = try await Workspace.make(h, in: scratch)
                _ = try await w.action("CreateBranchProtection", #""Rule":"master""#)
                let ruleID = try #require(try await w.action("DescribeBranchProtections", "")["BranchProtections"][0]["BranchProtectionId"].int)
                _ = try await w.action("ModifyBranchProtection", #""BranchProtectionId":\#(ruleID),"RequiredGrantCount":0,"RequiredStatusCheck":true"#)
                let check = "pipeline {\n agent any\n stages { stage('Check') { steps { sh 'test \"$(cat verdict.txt)\" = pass' } } }\n}"
                let body = CIFixture.createBody(w, name: "gate", jenkinsfile: check)
                    .replacingOccurrences(of: #""TriggerMethodList":["REF_CHANGE"]"#, with: #""TriggerMethodList":["MR_CHANGE"]"#)
                let created = try await h.action("CreateCodingCIJob", body)
                let jobID = Int64(try #require(created.response["Data"]["Id"].int, "\(created.text)"))
                let f = CIFixture(h: h, w: w, jobID: jobID)

                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("verdict.txt", "fail\n", "red")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                #expect(try await builds(f).isEmpty, "a push alone starts no MR_CHANGE build")
                let mr = try await w.openMR("feature")
                let red = try await latest(f, count: 1)
                #expect(red["Status"].string == "FAILED", "\(red)")
                #expect(try await status(w, try await w.rev("HEAD")) == "COMMIT_STATE_FAILURE")
                let blocked = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#)
                #expect(blocked["Error"]["Code"].string == "FailedOperation", "\(blocked)")

                try await w.commit("verdict.txt", "pass\n", "green")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let green = try await latest(f, count: 2)
                #expect(green["Status"].string == "SUCCEED", "\(green)")
                #expect(green["CommitId"].string == (try await w.rev("HEAD")))
                #expect(try await status(w, try await w.rev("HEAD")) == "COMMIT_STATE_SUCCESS")
                let merged = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#)
                #expect(merged["MergeRequestInfo"]["Status"].string == "ACCEPTED", "\(merged)")
            }
        }
    }

    func builds(_ f: CIFixture) async throws -> [JSONValue] {
        try await f.h.action("DescribeCodingCIBuilds", #"{"JobId":\#(f.jobID),"PageNumber":1,"PageSize":10}"#).response["Data"]["BuildList"].array
    }

    /// The newest build once the job has `count` of them, finished.
    func latest(_ f: CIFixture, count: Int) async throws -> JSONValue {
        for _ in 0..<300 {
            let list = try await builds(f)
            if list.count >= count, let id = list.first?["Id"].int { return try await f.finished(id) }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the job never had \(count) builds")
        return .null
    }

    /// The job's commit status state on `sha`, once it is no longer pending (10 s at most).
    func status(_ w: Workspace, _ sha: String) async throws -> String? {
        var state: String?
        for _ in 0..<100 {
            let statuses = try await w.action("DescribeGitCommitStatus", #""CommitSha":"\#(sha)""#)["StatusCheckResults"].array
            state = statuses.first { $0["Context"].string == "gate" }?["State"].string
            if let state, state != "COMMIT_STATE_PENDING" { return state }
            try await Task.sleep(for: .milliseconds(100))
        }
        return state
    }
}
