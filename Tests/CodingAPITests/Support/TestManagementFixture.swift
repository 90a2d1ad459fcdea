import Foundation
import SlipwayCore
import Testing

/// Project `alpha` of `PlanningFixture` (issue 4 a defect, issue 1 a requirement) with test
/// management data: sections 1 "login" (root), 2 "forms" (under 1), 3 "spare" (root); case 1
/// (STEPS, two steps, in 2), case 2 (TEXT, in 1), case 3 (STEPS, one step, in 3); run 1 of all
/// cases (tests 1, 2, 3 of cases 2, 1, 3: by section), run 2 of case 1 (test 4); report 1 over run 1.
enum TestManagementFixture {
    static func make(_ h: CodingHarness) async throws -> PlanningFixture {
        let f = try await PlanningFixture.make(h)
        try await f.ok("CreateTestCaseSection", #""Name":"login""#)
        try await f.ok("CreateTestCaseSection", #""Name":"forms","ParentId":1"#)
        try await f.ok("CreateTestCaseSection", #""Name":"spare","ParentId":0"#)
        try await f.ok(
            "CreateTestCase",
            #""SectionId":2,"Title":"sign in","TemplateType":"STEPS","Priority":1,"Preconds":"an account","CustomSteps":[{"Content":"open","Expected":"a form"},{"Content":"submit","Expected":"signed in"}]"#
        )
        try await f.ok("CreateTestCase", #""SectionId":1,"Title":"sign out","TemplateType":"TEXT","Steps":"click out","Expected":"signed out""#)
        try await f.ok("CreateTestCase", #""SectionId":3,"Title":"old","TemplateType":"STEPS","CustomSteps":[{"Content":"x","Expected":"y"}]"#)
        try await f.ok("CreateTestRun", #""Name":"all","IncludeAll":true,"ExecuteType":1"#)
        try await f.ok("CreateTestRun", #""Name":"one","IncludeAll":false,"Cases":[1]"#)
        try await f.ok("CreateReport", #""Name":"report","RunIds":[1]"#)
        return f
    }
}
