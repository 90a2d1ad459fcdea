import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import Testing

/// Pushes to a depot hosted here start the builds whose rules match; a newer build of the same
/// branch cancels the older one (`AutoCancelSameRevision`).
@Suite struct CITriggerTests {
    @Test(arguments: CodingStoreKind.enabled)
    func pushesStartBuildsAndSupersedeOlderOnes(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                CIService(h.context).subscribe()
                let w = try await Workspace.make(h, in: scratch)
                let slow = "pipeline {\n agent any\n stages { stage('Slow') { steps { sh 'echo started; sleep 30' } } }\n}"
                let body = CIFixture.createBody(w, jenkinsfile: slow).replacingOccurrences(
                    of: #""AutoCancelSameRevision":false"#, with: #""AutoCancelSameRevision":true"#)
                let created = try await h.action("CreateCodingCIJob", body)
                let jobID = try #require(created.response["Data"]["Id"].int, "\(created.text)")
                let f = CIFixture(h: h, w: w, jobID: Int64(jobID))
                func builds() async throws -> [JSONValue] {
                    try await h.action("DescribeCodingCIBuilds", #"{"JobId":\#(jobID),"PageNumber":1,"PageSize":10}"#).response["Data"]["BuildList"].array
                }

                try await runGit(["checkout", "-q", "-b", "topic"], in: w.dir)
                try await w.commit("topic.txt", "t\n", "topic")
                try await runGit(["push", "-q", "origin", "topic"], in: w.dir)
                #expect(try await builds().isEmpty, "BranchSelector master: a push to topic builds nothing")

                try await runGit(["checkout", "-q", "master"], in: w.dir)
                try await w.commit("a.txt", "1\n", "first")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let first = try await builds()
                #expect(first.count == 1 && first[0]["Branch"].string == "master", "\(first)")
                let head = try await w.rev("HEAD")
                #expect(first.first?["CommitId"].string == head)
                let firstID = Int64(try #require(first.first?["Id"].int))
                let env = try await h.action("DescribeCodingCIBuildEnvs", #"{"BuildId":\#(firstID),"Type":"SYSTEM"}"#).response["EnvList"].array
                #expect(env.contains { $0["Name"].string == "CCI_TRIGGER_METHOD" && $0["Value"].string == "REF_CHANGE" })

                try await w.commit("a.txt", "2\n", "second")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let second = try await builds()
                #expect(second.count == 2, "\(second)")
                let superseded = try await f.finished(firstID)
                #expect(superseded["Status"].string == "ABORTED", "the older build of master was cancelled: \(superseded)")
                let newest = Int64(try #require(second.first?["Id"].int))
                #expect(try await h.action("StopCodingCIBuild", #"{"BuildId":\#(newest)}"#).response["Error"].isNull)
                #expect(try await f.finished(newest)["Status"].string == "ABORTED")
            }
        }
    }

    @Test func hookTypesMatchRefs() {
        var job = CIJob(projectKey: "p", depotID: 1, name: "j")
        job.branchSelector = "release/*"
        #expect(CIService.matches(job, ref: "refs/heads/release/1.0"))
        #expect(!CIService.matches(job, ref: "refs/heads/main"))
        job.hookType = "TAG"
        #expect(CIService.matches(job, ref: "refs/tags/v1") && !CIService.matches(job, ref: "refs/heads/main"))
        job.hookType = "BRANCH"
        #expect(CIService.matches(job, ref: "refs/heads/any") && !CIService.matches(job, ref: "refs/tags/v1"))
        job.hookType = "CUSTOM"
        job.branchRegex = "^refs/heads/(main|dev)$"
        #expect(CIService.matches(job, ref: "refs/heads/dev") && !CIService.matches(job, ref: "refs/heads/devel"))
    }
}

/// A depot's CI jobs go with it, and their workflows and running builds with them.
@Suite struct CIDepotDeletionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func deletingTheDepotRemovesItsJobsAndWorkflows(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                CIService(h.context).subscribe()
                let w = try await Workspace.make(h, in: scratch)
                let slow = "pipeline {\n agent any\n stages { stage('Slow') { steps { sh 'sleep 30' } } }\n}"
                let created = try await h.action("CreateCodingCIJob", CIFixture.createBody(w, jenkinsfile: slow))
                let jobID = Int64(try #require(created.response["Data"]["Id"].int, "\(created.text)"))
                let f = CIFixture(h: h, w: w, jobID: jobID)
                let buildID = try await f.trigger()
                let key = CIJob.workflowKey(id: jobID)
                #expect(try await h.store.workflows.get(key: key) != nil)
                #expect(try await h.action("DeleteGitDepot", #"{"DepotId":\#(w.depotID)}"#).response["Error"].isNull)
                #expect(try await h.store.ci.job(id: jobID) == nil)
                #expect(try await h.store.ci.build(id: buildID) == nil)
                #expect(try await h.store.workflows.get(key: key) == nil, "no workflow of a deleted job is left")
                let job = try await h.action("DescribeCodingCIJob", #"{"JobId":\#(jobID)}"#)
                #expect(job.response["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }
}
