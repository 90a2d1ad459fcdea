import SlipwayCore

extension SchemaScenario {
    /// Test management in project alpha: every registered test-management action once.
    func testManagement() async throws {
        func p(_ fields: String) -> String { #"{"ProjectName":"alpha",\#(fields)}"# }
        let root = try await call("CreateTestCaseSection", p(#""Name":"schema""#))["Data"]["Section"]["Id"].int ?? 0
        let child = try await call("CreateTestCaseSection", p(#""Name":"child","ParentId":\#(root)"#))["Data"]["Section"]["Id"].int ?? 0
        try await call("ModifyTestCaseSection", p(#""SectionId":\#(child),"Name":"sub","ParentId":\#(root)"#))
        try await call("DescribeTestCaseSectionList", p(#""ParentId":\#(root)"#))
        let steps = #"[{"Content":"open","Expected":"shown"}]"#
        let files = [try await upload("case.png"), try await upload("report.pdf")]
        let created = try await call(
            "CreateTestCase", p(#""SectionId":\#(child),"Title":"case","TemplateType":"STEPS","CustomSteps":\#(steps),"AttachmentIds":[\#(files[0])]"#))
        let caseID = created["Data"]["Case"]["Id"].int ?? 0
        try await call("ModifyTestCase", p(#""CaseId":\#(caseID),"SectionId":\#(child),"Title":"case 1","TemplateType":"STEPS","Priority":1"#))
        try await call("DescribeTestCase", p(#""CaseId":\#(caseID)"#))
        try await call("DescribeTestCaseList", p(#""SectionId":\#(child)"#))
        let iteration = try await call("CreateIteration", p(#""Name":"schema tests""#))["Iteration"]["Code"].int ?? 0
        let run = try await call("CreateTestRun", p(#""Name":"schema run","IncludeAll":true,"IterationCode":\#(iteration)"#))["Data"]["Run"]["Id"].int ?? 0
        try await call("ModifyTestRun", p(#""RunId":\#(run),"Description":"d""#))
        try await call("DescribeTestRun", p(#""RunId":\#(run)"#))
        try await call("DescribeTestRunList", p(#""IsCompleted":false"#))
        let test = try await call("DescribeTestList", p(#""RunId":\#(run)"#))["Data"]["Tests"][0]["Id"].int ?? 0
        try await call("DescribeTest", p(#""TestId":\#(test)"#))
        try await call("CreateCaseResult", p(#""RunId":\#(run),"CaseId":\#(caseID),"Status":"RETEST""#))
        try await call("CreateTestResult", p(#""TestId":\#(test),"Status":"BLOCKED""#))
        try await call("CreateTestResults", p(#""RunId":\#(run),"CaseIds":[\#(caseID)],"Status":"PASSED""#))
        try await call("CreateTestStepResult", p(#""TestId":\#(test),"StepIndex":1,"StepStatus":"FAILED","Actual":"x","Status":"FAILED""#))
        let defect = try await call("CreateIssue", p(#""Type":"DEFECT","Name":"found by a test","Priority":"2""#))["Issue"]["Code"].int ?? 0
        try await call("CreateTestDefect", p(#""TestId":\#(test),"DefectId":\#(defect)"#))
        try await call("DescribeTestDefectList", p(#""TestId":\#(test)"#))
        let report =
            try await call("CreateReport", p(#""Name":"schema report","RunIds":[\#(run)],"AttachmentIds":[\#(files[1])]"#))[
                "Data"]["Report"]["Id"].int ?? 0
        try await call("DescribeReport", p(#""ReportId":\#(report)"#))
        try await call("DescribeReportList", p(#""Keyword":"schema""#))
        try await call("ArchiveTestRun", p(#""RunId":\#(run)"#))
        try await call("DeleteReport", p(#""ReportId":\#(report)"#))
        try await call("DeleteTestRun", p(#""RunId":\#(run)"#))
        try await call("DeleteTestCase", p(#""CaseId":\#(caseID)"#))
        try await call("DeleteTestCaseSection", p(#""SectionId":\#(root)"#))
    }

    /// An uploaded attachment of project alpha (as admin): its id.
    func upload(_ name: String) async throws -> Int64 {
        let prepared = try await call("CreateAttachmentPrepareSignUrl", #"{"ProjectName":"alpha","FileName":"\#(name)"}"#)["Data"]["AttachmentPrepare"]
        let put = try await IssueActivityFixture.put(h, url: prepared["PrepareSignUrl"].string ?? "", bytes: Array(name.utf8), token: h.adminToken)
        if !put["Error"].isNull { await ledger.fail("upload to the pre-signed URL: \(put)") }
        return prepared["AttachmentId"].int ?? 0
    }
}
