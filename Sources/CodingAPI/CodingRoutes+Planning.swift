extension CodingRoutes {
    /// Project management: issues, iterations and work hours.
    static func planningActions() -> [String: ActionHandler] {
        let issues = IssueActions(), issueLinks = IssueRelationActions(), issueComments = IssueCommentActions()
        let iterations = IterationActions(), workHours = WorkHourActions()
        let activity = IssueActivityActions(), files = IssueFileActions(), cases = TestCaseIssueActions()
        let labels = IssueLabelActions()
        return [
            // Issues, iterations and work hours (§2.2, §2.3; issue 16)
            "CreateIssue": issues.createIssue,
            "DescribeIssue": issues.describeIssue,
            "ModifyIssue": issues.modifyIssue,
            "ModifyIssueDescription": issues.modifyIssueDescription,
            "DeleteIssue": issues.deleteIssue,
            "DescribeIssueListWithPage": issues.describeIssueListWithPage,
            "DescribeIssueList": issues.describeIssueList,
            "DescribeSubIssueList": issueLinks.describeSubIssueList,
            "ModifyIssueParentRequirement": issueLinks.modifyIssueParentRequirement,
            "CreateIssueBlock": issueLinks.createIssueBlock,
            "DeleteIssueBlock": issueLinks.deleteIssueBlock,
            "DescribeBlockIssueList": issueLinks.describeBlockIssueList,
            "DescribeBlockedByIssueList": issueLinks.describeBlockedByIssueList,
            "CreateRequirementDefectRelation": issueLinks.linkDefect,
            "ModifyDefectRelatedRequirement": issueLinks.linkDefect,
            "DescribeRequirementDefectRelation": issueLinks.describeRequirementDefectRelation,
            "DescribeIssueStatusChangeLogList": issueLinks.describeIssueStatusChangeLogList,
            "DescribeTeamIssueTypeList": issueLinks.describeTeamIssueTypeList,
            "DescribeProjectIssueTypeList": issueLinks.describeProjectIssueTypeList,
            "DescribeProjectIssueStatusList": issueLinks.describeProjectIssueStatusList,
            "CreateIssueComment": issueComments.createIssueComment,
            "ModifyIssueComment": issueComments.modifyIssueComment,
            "DescribeIssueCommentList": issueComments.describeIssueCommentList,
            // Activity, fields, filters, files, cases and the workbench (issue 16)
            "DescribeIssueLogList": activity.describeIssueLogList,
            "DescribeIssueCustomFieldLogList": activity.describeIssueCustomFieldLogList,
            "DescribeIssueFilterList": activity.describeIssueFilterList,
            "DescribeProjectIssueFieldList": activity.describeProjectIssueFieldList,
            "DescribeWorkbenchIssueList": activity.describeWorkbenchIssueList,
            "CreateIssueCustomField": activity.createIssueCustomField,
            "DescribeIssueFileUrl": files.describeIssueFileUrl,
            "DescribeRelatedCaseList": cases.describeRelatedCaseList,
            // Project labels and issue modules (issue 16)
            "CreateProjectLabel": labels.createProjectLabel,
            "ModifyProjectLabel": labels.modifyProjectLabel,
            "DeleteProjectLabel": labels.deleteProjectLabel,
            "DescribeProjectLabels": labels.describeProjectLabels,
            "DescribeAllProjectLabels": labels.describeAllProjectLabels,
            "CreateIssueModule": labels.createIssueModule,
            "DeleteIssueModule": labels.deleteIssueModule,
            "DescribeIssueModuleList": labels.describeIssueModuleList,
            "CreateIteration": iterations.createIteration,
            "DescribeIteration": iterations.describeIteration,
            "ModifyIteration": iterations.modifyIteration,
            "DeleteIteration": iterations.deleteIteration,
            "ModifyIterationStatus": iterations.modifyIterationStatus,
            "PlanIterationIssue": iterations.planIterationIssue,
            "DescribeIterationList": iterations.describeIterationList,
            "CreateIssueWorkHours": workHours.createIssueWorkHours,
            "DeleteIssueWorkHours": workHours.deleteIssueWorkHours,
            "DescribeIssueWorkLogList": workHours.describeIssueWorkLogList,
        ]
    }
}
