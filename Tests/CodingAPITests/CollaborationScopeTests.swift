import Testing

@testable import CodingAPI

/// The actions of CODING's project management, test management and wiki modules (issue 16): each
/// is registered, needs its OAuth scope, and is called valid, bad and without permission by one of
/// the table-driven access suites (on both stores; the audit of each change is checked there too).
@Suite struct CollaborationScopeTests {
    /// Module of the vendor's action list → its actions.
    static let modules: [(module: String, actions: [String])] = [
        (
            "issue",
            [
                "DescribeRequirementDefectRelation", "ModifyDefectRelatedRequirement", "CreateRequirementDefectRelation", "CreateIssue", "DeleteIssue",
                "DescribeIssueFileUrl", "DescribeIssueFilterList", "DescribeIssueList", "DescribeIssue", "DescribeProjectIssueFieldList",
                "DescribeProjectIssueStatusList", "ModifyIssue", "ModifyIssueDescription", "DescribeBlockIssueList", "DescribeBlockedByIssueList",
                "DescribeSubIssueList", "DeleteIssueBlock", "CreateIssueBlock", "ModifyIssueParentRequirement", "DescribeTeamIssueTypeList",
                "DescribeProjectIssueTypeList", "DescribeIssueListWithPage", "DescribeRelatedCaseList", "CreateIssueComment", "ModifyIssueComment",
                "DescribeIssueCommentList", "DescribeIssueStatusChangeLogList", "DescribeWorkbenchIssueList", "DescribeIssueLogList",
                "DescribeIssueCustomFieldLogList",
            ]
        ),
        (
            "iteration",
            [
                "CreateIteration", "DeleteIteration", "DescribeIteration", "DescribeIterationList", "ModifyIteration", "ModifyIterationStatus",
                "PlanIterationIssue",
            ]
        ),
        (
            "agile-release",
            [
                "CreateRelease", "DeleteRelease", "DescribeRelease", "ModifyRelease", "DescribeReleaseIssueList", "DescribeIssueReleaseList",
                "DescribeReleaseList",
            ]
        ),
        ("workhours", ["DescribeIssueWorkLogList", "CreateIssueWorkHours", "DeleteIssueWorkHours"]),
        ("test.case", ["CreateTestCase", "ModifyTestCase", "DeleteTestCase", "DescribeTestCase", "DescribeTestCaseList"]),
        ("test.section", ["CreateTestCaseSection", "ModifyTestCaseSection", "DeleteTestCaseSection", "DescribeTestCaseSectionList"]),
        ("test.run", ["CreateTestRun", "ModifyTestRun", "DeleteTestRun", "ArchiveTestRun", "DescribeTestRun", "DescribeTestRunList"]),
        (
            "test.execution",
            [
                "DescribeTest", "DescribeTestList", "CreateTestDefect", "CreateCaseResult", "CreateTestResult", "CreateTestResults", "CreateTestStepResult",
                "DescribeRequirementTestCaseList", "DescribeTestDefectList",
            ]
        ),
        ("test.report", ["CreateReport", "DeleteReport", "DescribeReport", "DescribeReportList"]),
        ("test.attachment", ["CreateAttachmentPrepareSignUrl"]),
        (
            "wiki",
            [
                "CreateWiki", "DeleteWiki", "ModifyWiki", "DescribeWiki", "DescribeImportJobStatus", "DescribeWikiList", "ModifyWikiOrder",
                "CreateUploadToken", "CreateWikiByZip", "DescribeUpdateJobStatus", "ModifyWikiByZip",
            ]
        ),
        ("collaboration", ["DescribeConfigTemplateList", "InitProjectTemplate"]),
        ("program", ["CreateProgram", "ModifyWorkItemSplitIssues", "DescribeIssueRelatedWorkItemList"]),
    ]

    /// The scope a module's actions need: collaboration is `project:issue`, the wiki `project:wiki`;
    /// creating a program (a team-level grouping of projects) needs `project`.
    static func scope(module: String, action: String) -> String {
        switch module {
        case "wiki": return "project:wiki"
        case "program" where action == "CreateProgram": return "project"
        default: return "project:issue"
        }
    }

    @Test func everyActionIsRegisteredWithItsScope() {
        let table = CodingRoutes.actionTable()
        let all = Self.modules.flatMap(\.actions)
        #expect(all.count == 92 && Set(all).count == 92)
        for (module, actions) in Self.modules {
            for action in actions {
                #expect(table[action] != nil, "\(action) is not registered")
                #expect(ActionScopes.required(for: action) == Self.scope(module: module, action: action), "\(module) \(action)")
            }
        }
    }

    /// Each action is in a table that calls it valid, bad, and as a caller without a token, with a
    /// token lacking its scope, as a non-member and (for changes) as a read-only member.
    @Test func everyActionIsInAnAccessTable() {
        let tables =
            IssueAccessTests.cases.map(\.action) + IssueActivityAccessTests.cases.map(\.action) + TestManagementAccessTests.cases.map(\.action)
            + (WikiActionTests.cases + WikiZipTests.permissionCases).map(\.action) + AgileAccessTests.cases.map(\.action)
        let missing = Set(Self.modules.flatMap(\.actions)).subtracting(tables)
        #expect(missing.isEmpty, "\(missing.sorted())")
    }
}
