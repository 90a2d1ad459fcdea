import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Issue 16, test management end to end on both stores: sections → cases with steps → a run of
/// all cases → results per case and per step → the run's counters → defects (real DEFECT issues)
/// linked → a report whose figures follow → archive, after which the run takes no results.
@Suite struct TestManagementScenarioTests {
    @Test(arguments: CodingStoreKind.enabled)
    func fromSectionsToAnArchivedRunWithAReport(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await PlanningFixture.make(h)
            let web = try await f.ok("CreateTestCaseSection", #""Name":"web""#)["Data"]["Section"]["Id"].int ?? 0
            let checkout = try await f.ok("CreateTestCaseSection", #""Name":"checkout","ParentId":\#(web)"#)["Data"]["Section"]
            #expect(checkout["ParentId"].int == web && checkout["Sort"].int == 1)
            let sectionID = checkout["Id"].int ?? 0
            let steps = #"[{"Content":"add to cart","Expected":"1 item"},{"Content":"pay","Expected":"paid"},{"Content":"receipt","Expected":"mailed"}]"#
            let a = try await f.ok("CreateTestCase", #""SectionId":\#(sectionID),"Title":"pay by card","TemplateType":"STEPS","CustomSteps":\#(steps)"#)
            #expect(a["Data"]["Case"]["CustomSteps"].array.count == 3 && a["Data"]["Case"]["Priority"].int == 2, "medium by default")
            let caseA = a["Data"]["Case"]["Id"].int ?? 0
            let caseB =
                try await f.ok(
                    "CreateTestCase",
                    #""SectionId":\#(sectionID),"Title":"coupon","TemplateType":"STEPS","Priority":1,"CustomSteps":[{"Content":"a","Expected":"b"},{"Content":"c","Expected":"d"}]"#
                )["Data"]["Case"]["Id"].int ?? 0
            let caseC =
                try await f.ok("CreateTestCase", #""SectionId":\#(web),"Title":"home page","TemplateType":"TEXT","Steps":"open /","Expected":"200""#)[
                    "Data"]["Case"]["Id"].int ?? 0
            let cases = try await f.ok("DescribeTestCaseList", #""SectionId":\#(sectionID),"Keyword":"COUP""#)["Data"]["Cases"].array
            #expect(cases.compactMap { $0["Id"].int } == [caseB])

            let dev = try #require(try await h.store.users.find(account: "dev"))
            let devIDs = try await h.store.numericIDs.userIDs(uids: [dev.uid])
            let devID: Int64 = devIDs[dev.uid] ?? 0
            let created = try await f.ok("CreateTestRun", #""Name":"release 1","IncludeAll":true,"ExecuteType":2,"AssignedToId":\#(devID)"#)["Data"]["Run"]
            #expect(created["UntestedCount"].int == 3 && created["State"].int == 0 && created["AssignedToId"].int == devID, "\(created)")
            let runID = created["Id"].int ?? 0
            let tests = try await f.ok("DescribeTestList", #""RunId":\#(runID)"#)["Data"]["Tests"].array
            #expect(Set(tests.compactMap { $0["CaseId"].int }) == [caseA, caseB, caseC] && tests.allSatisfy { $0["Status"].string == "UNTESTED" })
            func test(_ caseID: Int64) -> Int64 { tests.first { $0["CaseId"].int == caseID }?["Id"].int ?? 0 }

            // Results: per step for A (the last step fails the test), per case for B and C.
            try await f.ok("CreateTestStepResult", #""TestId":\#(test(caseA)),"StepIndex":1,"StepStatus":"PASSED""#, token: f.dev)
            try await f.ok("CreateTestStepResult", #""TestId":\#(test(caseA)),"StepIndex":3,"StepStatus":"FAILED","Actual":"500 error","Status":"FAILED""#)
            try await f.ok("CreateTestResult", #""TestId":\#(test(caseB)),"Status":"PASSED","CustomStepStatus":["PASSED","PASSED"]"#)
            try await f.ok("CreateCaseResult", #""RunId":\#(runID),"CaseId":\#(caseC),"Status":"BLOCKED""#)
            let run = try await f.ok("DescribeTestRun", #""RunId":\#(runID)"#)["Data"]["Run"]
            #expect(
                [run["PassedCount"], run["FailedCount"], run["BlockedCount"], run["RetestCount"], run["UntestedCount"]].map(\.int) == [1, 1, 1, 0, 0],
                "\(run)")
            #expect(run["State"].int == 2 && run["ExecuteType"].int == 2)
            let detail = try await f.ok("DescribeTest", #""TestId":\#(test(caseA))"#)["Data"]["Test"]
            #expect(detail["Status"].string == "FAILED" && detail["SectionPath"].array.compactMap(\.string) == ["web", "checkout"], "\(detail)")
            #expect(detail["Case"]["Title"].string == "pay by card" && (detail["TestedBy"].int ?? 0) > 0 && detail["TestedAt"].string?.count == 19)
            let stored = try #require(try await h.store.testManagement.test(projectKey: "alpha", id: test(caseA)))
            #expect(stored.stepResults == [StepResult(status: .passed), nil, StepResult(status: .failed, actual: "500 error")])
            let failed = try await f.ok("DescribeTestList", #""RunId":\#(runID),"Status":"FAILED""#)["Data"]["Tests"].array
            #expect(failed.compactMap { $0["CaseId"].int } == [caseA])

            // Defects are real DEFECT issues: one reopened after closing, one closed.
            let crash = try await f.ok("CreateIssue", #""Type":"DEFECT","Name":"card 500","Priority":"3""#)["Issue"]["Code"].int ?? 0
            let typo = try await f.ok("CreateIssue", #""Type":"DEFECT","Name":"typo","Priority":"0""#)["Issue"]["Code"].int ?? 0
            try await f.ok("CreateTestDefect", #""TestId":\#(test(caseA)),"DefectId":\#(crash)"#)
            try await f.ok("CreateTestDefect", #""TestId":\#(test(caseA)),"DefectId":\#(crash)"#)
            try await f.ok("CreateTestDefect", #""TestId":\#(test(caseC)),"DefectId":\#(typo)"#, token: f.dev)
            for (code, status) in [(crash, 6), (crash, 4), (typo, 6)] { try await f.ok("ModifyIssue", #""IssueCode":\#(code),"StatusId":\#(status)"#) }
            let defects = try await f.ok("DescribeTestDefectList", #""TestId":\#(test(caseA))"#)["Data"]["Defects"].array
            #expect(defects.map { $0["Id"].int ?? 0 } == [crash] && defects[0]["Name"].string == "card 500" && defects[0]["Status"].string == "TODO")
            #expect(try await f.ok("DescribeTestDefectList", "")["Data"]["Defects"].array.count == 2)

            let report = try await f.ok("CreateReport", #""Name":"release 1 report","RunIds":[\#(runID)]"#)["Data"]["Report"]
            #expect(report["Status"].string == "AVAILABLE")
            let full = try await f.ok("DescribeReport", #""ReportId":\#(report["Id"].int ?? 0)"#)["Data"]["Report"]
            let o = full["ReportOverview"]
            #expect(
                [o["CaseSum"], o["ExecPercent"], o["PassPercent"], o["AutomationPercent"], o["DefectSum"]].map(\.int) == [3, 100, 33, 100, 2], "\(o)")
            // The plan is in no iteration: the project's one requirement (to do, no case covers it).
            #expect([o["IssuesSum"], o["CompletedSum"], o["TodoSum"], o["RequirementCoverPercent"]].map(\.int) == [1, 0, 1, 0], "\(o)")
            // One of two defects closed: 85% of the closed ones took as long as the one did.
            #expect(
                o["DefectFixPercent"].int == 50 && o["DefectReopenPercent"].int == 50 && (o["AvgClosedSeconds"].int ?? -1) >= 0
                    && o["DurationFixed"].int == o["AvgClosedSeconds"].int, "\(o)")
            #expect(full["RunNames"].array.compactMap(\.string) == ["release 1"] && full["RunIds"].array.compactMap(\.string) == ["\(runID)"])

            // Archive: the run is complete and takes no more results or changes.
            let archived = try await f.ok("ArchiveTestRun", #""RunId":\#(runID)"#)["Data"]["Run"]
            #expect(archived["IsCompleted"].bool == true && archived["CompletedAt"].string?.count == 19)
            #expect(try await f.error("CreateTestResult", #""TestId":\#(test(caseC)),"Status":"PASSED""#) == "FailedOperation")
            #expect(try await f.error("ModifyTestRun", #""RunId":\#(runID),"Name":"again""#) == "FailedOperation")
            #expect(try await f.error("ArchiveTestRun", #""RunId":\#(runID)"#) == "FailedOperation")
            let completed = try await f.ok("DescribeTestRunList", #""IsCompleted":true"#)["Data"]["Runs"].array
            #expect(completed.compactMap { $0["Id"].int } == [runID])
            #expect(try await f.ok("DescribeTest", #""TestId":\#(test(caseC))"#)["Data"]["Test"]["Status"].string == "BLOCKED")

            // Deleting a defect issue takes its link away; deleting a section takes its cases and their tests.
            try await f.ok("DeleteIssue", #""IssueCode":\#(typo)"#)
            #expect(try await f.ok("DescribeTestDefectList", "")["Data"]["Defects"].array.count == 1)
            try await f.ok("DeleteTestCaseSection", #""SectionId":\#(web)"#)
            #expect(try await f.ok("DescribeTestCaseList", "")["Data"]["Cases"].array.isEmpty)
            #expect(try await f.ok("DescribeTestList", #""RunId":\#(runID)"#)["Data"]["Tests"].array.isEmpty)
        }
    }

    /// Results of different steps of one test written at once are all kept (each write reads and
    /// changes the test in one transaction).
    @Test(arguments: CodingStoreKind.enabled)
    func concurrentStepResultsOfATestAreAllKept(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await TestManagementFixture.make(h)
            for round in 0..<4 {
                let status = round % 2 == 0 ? "FAILED" : "PASSED"
                async let first = f.ok("CreateTestStepResult", #""TestId":2,"StepIndex":1,"StepStatus":"\#(status)","Actual":"r\#(round)""#)
                async let second = f.ok("CreateTestStepResult", #""TestId":2,"StepIndex":2,"StepStatus":"\#(status)","Actual":"r\#(round)""#, token: f.dev)
                _ = try await (first, second)
                let stored = try #require(try await h.store.testManagement.test(projectKey: "alpha", id: 2))
                let expected = StepResult(status: TestStatus(rawValue: status) ?? .untested, actual: "r\(round)")
                #expect(stored.stepResults == [expected, expected], "round \(round): \(stored.stepResults)")
            }
        }
    }
}
