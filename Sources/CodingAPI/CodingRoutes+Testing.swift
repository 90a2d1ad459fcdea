extension CodingRoutes {
    /// Test management (§2.18; issue 16): sections, cases, runs, execution, defects and reports.
    /// Attachments are reserved here and held by issues (`FileIds`), test cases and reports (`AttachmentIds`).
    static func testManagementActions() -> [String: ActionHandler] {
        let cases = TestCaseActions(), runs = TestRunActions(), execution = TestExecutionActions(), reports = TestReportActions()
        let attachments = IssueFileActions(), linked = TestCaseIssueActions()
        return [
            "CreateTestCaseSection": cases.createTestCaseSection,
            "ModifyTestCaseSection": cases.modifyTestCaseSection,
            "DeleteTestCaseSection": cases.deleteTestCaseSection,
            "DescribeTestCaseSectionList": cases.describeTestCaseSectionList,
            "CreateTestCase": cases.createTestCase,
            "ModifyTestCase": cases.modifyTestCase,
            "DeleteTestCase": cases.deleteTestCase,
            "DescribeTestCase": cases.describeTestCase,
            "DescribeTestCaseList": cases.describeTestCaseList,
            "CreateTestRun": runs.createTestRun,
            "ModifyTestRun": runs.modifyTestRun,
            "DeleteTestRun": runs.deleteTestRun,
            "ArchiveTestRun": runs.archiveTestRun,
            "DescribeTestRun": runs.describeTestRun,
            "DescribeTestRunList": runs.describeTestRunList,
            "DescribeTest": execution.describeTest,
            "DescribeTestList": execution.describeTestList,
            "CreateCaseResult": execution.createCaseResult,
            "CreateTestResult": execution.createTestResult,
            "CreateTestResults": execution.createTestResults,
            "CreateTestStepResult": execution.createTestStepResult,
            "CreateTestDefect": execution.createTestDefect,
            "DescribeTestDefectList": execution.describeTestDefectList,
            "CreateReport": reports.createReport,
            "DeleteReport": reports.deleteReport,
            "DescribeReport": reports.describeReport,
            "DescribeReportList": reports.describeReportList,
            "CreateAttachmentPrepareSignUrl": attachments.createAttachmentPrepareSignUrl,
            "DescribeRequirementTestCaseList": linked.describeRequirementTestCaseList,
        ]
    }

    /// Test management belongs to project collaboration: its actions need the `project:issue` scope.
    static let testManagementActionNames = Set(testManagementActions().keys)
}
