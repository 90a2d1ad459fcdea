import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every test-management action: a valid call, a bad call (a clear error, nothing stored), and
/// calls without permission (no token, a token without `project:issue`, a stranger, a read-only
/// member for changes), on both stores. Fixture: `TestManagementFixture`.
@Suite struct TestManagementAccessTests {
    /// action, valid fields, bad fields and the error they give; in an order where each valid call leaves what the next needs.
    static let cases: [(action: String, valid: String, bad: String, code: String)] = [
        ("CreateTestCaseSection", #""Name":"new","ParentId":1"#, #""Name":"x","ParentId":99"#, "ResourceNotFound"),
        ("ModifyTestCaseSection", #""SectionId":2,"Name":"form pages","ParentId":1"#, #""SectionId":1,"Name":"x","ParentId":2"#, "InvalidParameterValue"),
        ("DescribeTestCaseSectionList", #""ParentId":0"#, #""ParentId":"x""#, "InvalidParameter"),
        (
            "CreateTestCase", #""SectionId":1,"Title":"t","TemplateType":"STEPS","CustomSteps":[{"Content":"a","Expected":"b"}]"#,
            #""SectionId":1,"Title":"t","TemplateType":"TABLE""#, "InvalidParameterValue"
        ),
        (
            "ModifyTestCase", #""CaseId":2,"SectionId":1,"Title":"renamed","TemplateType":"TEXT","Priority":0"#,
            #""CaseId":2,"SectionId":1,"Title":"renamed","TemplateType":"TEXT","Priority":7"#, "InvalidParameterValue"
        ),
        ("DescribeTestCase", #""CaseId":1"#, #""CaseId":999"#, "ResourceNotFound"),
        ("DescribeTestCaseList", #""SectionId":2"#, #""TemplateType":"X""#, "InvalidParameterValue"),
        ("CreateTestRun", #""Name":"pair","IncludeAll":false,"Cases":[1,2]"#, #""Name":"r","IncludeAll":false,"Cases":[999]"#, "InvalidParameterValue"),
        ("ModifyTestRun", #""RunId":2,"Name":"one more","Cases":[1,2]"#, #""RunId":2,"ExecuteType":5"#, "InvalidParameterValue"),
        ("DescribeTestRun", #""RunId":1"#, #""RunId":99"#, "ResourceNotFound"),
        ("DescribeTestRunList", #""IsCompleted":false"#, #""State":7"#, "InvalidParameterValue"),
        ("DescribeTest", #""TestId":1"#, #""TestId":999"#, "ResourceNotFound"),
        ("DescribeTestList", #""RunId":1"#, #""Status":"GREAT""#, "InvalidParameterValue"),
        (
            "CreateCaseResult", #""RunId":1,"CaseId":1,"Status":"PASSED","CustomStepStatus":["PASSED","FAILED"]"#,
            #""RunId":1,"CaseId":1,"Status":"PASSED","CustomStepStatus":["PASSED","PASSED","PASSED"]"#, "InvalidParameterValue"
        ),
        ("CreateTestResult", #""TestId":1,"Status":"BLOCKED""#, #""TestId":1,"Status":"OK""#, "InvalidParameterValue"),
        ("CreateTestResults", #""RunId":1,"CaseIds":[2,3],"Status":"RETEST""#, #""RunId":1,"CaseIds":[999],"Status":"RETEST""#, "ResourceNotFound"),
        (
            "CreateTestStepResult", #""TestId":2,"StepIndex":2,"StepStatus":"FAILED","Actual":"crashed","Status":"FAILED""#,
            #""TestId":2,"StepIndex":5,"StepStatus":"PASSED""#, "InvalidParameterValue"
        ),
        ("CreateTestDefect", #""TestId":2,"DefectId":4"#, #""TestId":2,"DefectId":1"#, "InvalidParameterValue"),
        ("DescribeTestDefectList", #""TestId":2"#, #""TestId":999"#, "ResourceNotFound"),
        ("CreateReport", #""Name":"second","RunIds":[1,2]"#, #""Name":"x","RunIds":[99]"#, "ResourceNotFound"),
        ("DescribeReport", #""ReportId":1"#, #""ReportId":99"#, "ResourceNotFound"),
        ("DescribeReportList", #""Keyword":"rep""#, #""Status":"DONE""#, "InvalidParameterValue"),
        ("ArchiveTestRun", #""RunId":2"#, #""RunId":99"#, "ResourceNotFound"),
        ("DeleteReport", #""ReportId":2"#, #""ReportId":99"#, "ResourceNotFound"),
        ("DeleteTestRun", #""RunId":3"#, #""RunId":99"#, "ResourceNotFound"),
        ("DeleteTestCase", #""CaseId":3"#, #""CaseId":999"#, "ResourceNotFound"),
        ("DeleteTestCaseSection", #""SectionId":3"#, #""SectionId":99"#, "ResourceNotFound"),
    ]

    @Test func everyRegisteredTestManagementActionIsCovered() {
        // Attachments and requirement cases are covered by `IssueActivityAccessTests`.
        let elsewhere: Set = ["CreateAttachmentPrepareSignUrl", "DescribeRequirementTestCaseList"]
        #expect(Set(CodingRoutes.testManagementActions().keys).subtracting(elsewhere) == Set(Self.cases.map(\.action)))
        #expect(Self.cases.allSatisfy { ActionScopes.required(for: $0.action) == "project:issue" })
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await TestManagementFixture.make(h)
            let before = try await Self.snapshot(f)
            for c in Self.cases {
                #expect(try await f.error(c.action, c.valid, anonymous: true) == "AuthFailure", "\(c.action)")
                #expect(try await f.error(c.action, c.valid, token: f.narrow) == "UnauthorizedOperation", "\(c.action)")
                #expect(try await f.errorAudited(c.action, c.valid, token: f.stranger, by: "stranger") == "ResourceNotFound", "\(c.action)")
                if c.action.hasPrefix("Describe") {
                    try await f.ok(c.action, c.valid, token: f.reader)
                } else {
                    #expect(try await f.errorAudited(c.action, c.valid, token: f.reader, by: "reader") == "UnauthorizedOperation", "\(c.action)")
                }
            }
            #expect(try await Self.snapshot(f) == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await TestManagementFixture.make(h)
            for c in Self.cases {
                let before = try await Self.snapshot(f)
                #expect(try await f.errorAudited(c.action, c.bad) == c.code, "\(c.action) \(c.bad)")
                #expect(try await Self.snapshot(f) == before, "\(c.action): a refused call changes nothing")
                let read = c.action.hasPrefix("Describe")
                try await f.okAudited(c.action, c.valid, token: read ? f.reader : f.dev, by: read ? "reader" : "dev")
            }
            // What the valid calls did.
            let sections = try await f.ok("DescribeTestCaseSectionList", "")["Data"]["Sections"].array
            #expect(sections.map { $0["Name"].string ?? "" } == ["login", "form pages", "new"] && sections[1]["ParentId"].int == 1)
            let cases = try await f.ok("DescribeTestCaseList", "")["Data"]["Cases"].array
            #expect(cases.compactMap { $0["Id"].int } == [2, 4, 1], "\(cases)")
            #expect(cases[0]["Title"].string == "renamed" && cases[0]["Priority"].int == 0)
            let runs = try await f.ok("DescribeTestRunList", "")["Data"]["Runs"].array
            #expect(runs.compactMap { $0["Id"].int } == [2, 1])
            #expect(runs[0]["IsCompleted"].bool == true && runs[0]["Name"].string == "one more" && runs[0]["UntestedCount"].int == 2)
            // Case 3 went with its section; run 1 keeps cases 1 and 2.
            let run = try await f.ok("DescribeTestRun", #""RunId":1"#)["Data"]["Run"]
            #expect(run["FailedCount"].int == 1 && run["RetestCount"].int == 1 && run["BlockedCount"].int == 0 && run["UntestedCount"].int == 0, "\(run)")
            let reports = try await f.ok("DescribeReportList", "")["Data"]["Reports"].array
            #expect(reports.compactMap { $0["Id"].int } == [1])
            let overview = try await f.ok("DescribeReport", #""ReportId":1"#)["Data"]["Report"]["ReportOverview"]
            #expect(
                [overview["CaseSum"], overview["DefectSum"], overview["TodoSum"], overview["AvgClosedSeconds"], overview["DurationFixed"]].map(\.int)
                    == [2, 1, 1, -1, -1], "no defect closed yet: \(overview)")
            // A case takes only files its author uploaded (`TestAttachmentTests`): an unknown one is refused clearly.
            let attached = #""SectionId":1,"Title":"t","TemplateType":"TEXT","AttachmentIds":[1]"#
            #expect(try await f.error("CreateTestCase", attached) == "InvalidParameterValue")
        }
    }

    /// How many sections, cases, runs, tests (with their statuses), defect links and reports project alpha holds.
    static func snapshot(_ f: PlanningFixture) async throws -> [String] {
        let store = f.h.store.testManagement
        let tests = try await store.tests(projectKey: "alpha")
        return [
            "sections \(try await store.sections(projectKey: "alpha").map(\.name))",
            "cases \(try await store.cases(TestCaseFilter(projectKey: "alpha")).map { "\($0.id) \($0.title) \($0.priority)" })",
            "runs \(try await store.runs(TestRunFilter(projectKey: "alpha")).map { "\($0.id) \($0.name) \($0.isCompleted)" })",
            "tests \(tests.map { "\($0.id) \($0.status.rawValue) \($0.stepResults)" })",
            "defects \(try await store.defectLinks(testIDs: tests.map(\.id)).map(\.issueID))",
            "reports \(try await store.reports(TestReportFilter(projectKey: "alpha")).map(\.id))",
        ]
    }
}
