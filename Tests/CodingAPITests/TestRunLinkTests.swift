import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Issue 16: test plans linked to an iteration and to a release of their repository, listed by
/// them (DescribeTestRunList's `IterationId`, `IterationStatus`, `GitReleaseState`), and reports
/// over them: the iteration they share and its requirements (how many, how far done, how many the
/// report's cases cover). On both stores. Fixture: `TestManagementFixture` (requirement 1 in sprint 1).
@Suite struct TestRunLinkTests {
    @Test(arguments: CodingStoreKind.enabled)
    func plansFollowTheirIterationAndRelease(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await TestManagementFixture.make(h)
            let sprint = try #require(try await h.store.iterations.get(projectKey: "alpha", code: 1))
            let created = try await f.ok("CreateTestRun", #""Name":"sprint plan","IncludeAll":false,"Cases":[1,2],"IterationCode":1"#)
            let run = created["Data"]["Run"]
            #expect(run["IterationId"].int == sprint.id && run["IterationName"].string == "sprint 1", "\(run)")
            let runID = try #require(run["Id"].int)
            #expect(try await f.error("CreateTestRun", #""Name":"x","IncludeAll":true,"IterationCode":999"#) == "InvalidParameterValue")
            #expect(try await f.error("ModifyTestRun", #""RunId":\#(runID),"IterationCode":"one""#) == "InvalidParameter")

            // Listed by iteration and by its status; the vendor's example (every filter at once) is answered.
            func listed(_ fields: String) async throws -> [Int64] {
                try await f.ok("DescribeTestRunList", fields, token: f.reader)["Data"]["Runs"].array.compactMap { $0["Id"].int }
            }
            #expect(try await listed(#""IterationId":[\#(sprint.id)]"#) == [runID])
            #expect(try await listed(#""IterationStatus":["WAIT_PROCESS"]"#) == [runID])
            #expect(try await listed(#""IterationStatus":["COMPLETED"]"#) == [])
            #expect(try await listed(#""IterationId":[]"#).count == 3, "an empty list filters nothing")
            #expect(try await f.error("DescribeTestRunList", #""IterationStatus":["SOON"]"#) == "InvalidParameterValue")
            #expect(try await f.error("DescribeTestRunList", #""GitReleaseState":3"#) == "InvalidParameterValue")
            let example =
                #""ExecuteType":"1","GitReleaseState":1,"IsCompleted":"true","IterationId":[],"IterationStatus":[],"Keyword":"test","SectionId":"123","State":"0""#
            #expect(try await listed(example) == [])

            // A report over the plan: its iteration, and that iteration's one requirement, covered once a case names it.
            let report = try await f.ok("CreateReport", #""Name":"sprint report","RunIds":[\#(runID)]"#)["Data"]["Report"]["Id"].int ?? 0
            func overview() async throws -> JSONValue { try await f.ok("DescribeReport", #""ReportId":\#(report)"#)["Data"]["Report"] }
            var full = try await overview()
            #expect(full["IterationId"].string == "\(sprint.id)" && full["IterationName"].string == "sprint 1", "\(full)")
            var o = full["ReportOverview"]
            #expect([o["IssuesSum"], o["TodoSum"], o["ProcessingSum"], o["CompletedSum"], o["RequirementCoverPercent"]].map(\.int) == [1, 1, 0, 0, 0])
            try await f.ok("ModifyTestCase", #""CaseId":2,"SectionId":1,"Title":"sign out","TemplateType":"TEXT","IssueCodes":[1]"#)
            try await f.ok("ModifyIssue", #""IssueCode":1,"StatusId":2"#)
            o = try await overview()["ReportOverview"]
            #expect([o["TodoSum"], o["ProcessingSum"], o["RequirementCoverPercent"]].map(\.int) == [0, 1, 100], "\(o)")
            try await f.ok("ModifyIssue", #""IssueCode":1,"StatusId":3"#)
            o = try await overview()["ReportOverview"]
            #expect([o["IssuesSum"], o["TodoSum"], o["CompletedSum"], o["RequirementCoverPercent"]].map(\.int) == [1, 0, 1, 100], "\(o)")
            // Plans in different iterations share none.
            let second = try await f.ok("CreateTestRun", #""Name":"next","IncludeAll":true,"IterationCode":2"#)["Data"]["Run"]["Id"].int ?? 0
            let mixed = try await f.ok("CreateReport", #""Name":"mixed","RunIds":[\#(runID),\#(second)]"#)["Data"]["Report"]["Id"].int ?? 0
            full = try await f.ok("DescribeReport", #""ReportId":\#(mixed)"#)["Data"]["Report"]
            #expect(full["IterationId"].string == "" && full["ReportOverview"]["IssuesSum"].int == 1)
            // Unlinking: 0.
            let unlinked = try await f.ok("ModifyTestRun", #""RunId":\#(runID),"IterationCode":0"#)["Data"]["Run"]
            #expect(unlinked["IterationId"].int == 0 && unlinked["IterationName"].string == "")

            // Releases: one of the plan's repository, published or not.
            let projectID = try #require(try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"])
            let depot = try await h.makeDepot(projectID, "app")
            let admin = try #require(try await h.store.users.find(account: "admin"))
            let pre = try await h.store.gitReleases.create(
                GitRelease(
                    depotID: depot, tagName: "v1.0-rc", commitSHA: "", targetCommitish: "main", title: "rc", body: "", isPrerelease: true, creatorUID: admin.uid
                ))
            let final = try await h.store.gitReleases.create(
                GitRelease(
                    depotID: depot, tagName: "v1.0", commitSHA: "", targetCommitish: "main", title: "1.0", body: "", isPrerelease: false, creatorUID: admin.uid)
            )
            #expect(try await f.error("ModifyTestRun", #""RunId":\#(runID),"GitReleaseId":\#(final.id)"#) == "InvalidParameterValue", "no repository")
            let released = try await f.ok("ModifyTestRun", #""RunId":\#(runID),"GitDepotId":\#(depot),"GitReleaseId":\#(final.id)"#)["Data"]["Run"]
            #expect(released["GitReleaseId"].int == final.id && released["GitReleaseName"].string == "v1.0" && released["GitReleaseState"].int == 1)
            let candidate = try await f.ok("ModifyTestRun", #""RunId":\#(second),"GitDepotId":\#(depot),"GitReleaseId":\#(pre.id)"#)["Data"]["Run"]
            #expect(candidate["GitReleaseState"].int == 0 && candidate["GitDepotName"].string == "app")
            #expect(try await listed(#""GitReleaseState":1"#) == [runID])
            #expect(try await listed(#""GitReleaseState":0"#) == [second])
            // Another repository drops a release of the old one.
            let other2 = try await h.makeDepot(projectID, "lib")
            let moved = try await f.ok("ModifyTestRun", #""RunId":\#(runID),"GitDepotId":\#(other2)"#)["Data"]["Run"]
            #expect(moved["GitReleaseId"].int == 0 && moved["GitReleaseName"].string == "")
            #expect(try await f.error("ModifyTestRun", #""RunId":\#(runID),"GitReleaseId":\#(final.id)"#) == "InvalidParameterValue")
            #expect(try await f.error("ModifyTestRun", #""RunId":\#(runID),"ConfigEnvironmentId":2"#) == "InvalidParameterValue")
        }
    }
}
