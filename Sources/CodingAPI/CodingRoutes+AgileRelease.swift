extension CodingRoutes {
    /// Project management, continued (issue 16): agile releases, programs, collaboration templates.
    static func agileActions() -> [String: ActionHandler] {
        let releases = AgileReleaseActions(), programs = ProgramActions(), members = ProgramMemberActions(), collaboration = CollaborationActions()
        return [
            // Agile releases (§2.4)
            "CreateRelease": releases.createRelease,
            "DescribeRelease": releases.describeRelease,
            "ModifyRelease": releases.modifyRelease,
            "DeleteRelease": releases.deleteRelease,
            "DescribeReleaseList": releases.describeReleaseList,
            "DescribeReleaseIssueList": releases.describeReleaseIssueList,
            "DescribeIssueReleaseList": releases.describeIssueReleaseList,
            // Programs (§2.5); CreateProgramWorkItem is a Slipway extension
            "CreateProgram": programs.createProgram,
            "DescribePrograms": programs.describePrograms,
            "CreateProgramProjects": programs.createProgramProjects,
            "CreateProgramWorkItem": programs.createProgramWorkItem,
            "ModifyWorkItemSplitIssues": programs.modifyWorkItemSplitIssues,
            "DescribeIssueRelatedWorkItemList": programs.describeIssueRelatedWorkItemList,
            "DescribeProgramProjects": members.describeProgramProjects,
            "CreateProgramMemberPolicy": members.createProgramMemberPolicy,
            "DeleteProgramMemberPolicy": members.deleteProgramMemberPolicy,
            // Collaboration templates (§2.5)
            "DescribeConfigTemplateList": collaboration.describeConfigTemplateList,
            "InitProjectTemplate": collaboration.initProjectTemplate,
        ]
    }

    /// The OAuth scopes of these actions (where the name rules of `ActionScopes` would not give them).
    static let agileActionScopes: [String: String] = [
        "CreateRelease": "project:issue",
        "DescribeRelease": "project:issue",
        "ModifyRelease": "project:issue",
        "DeleteRelease": "project:issue",
        "DescribeReleaseList": "project:issue",
        "DescribeConfigTemplateList": "project:issue",
        "InitProjectTemplate": "project:issue",
        "CreateProgramWorkItem": "project:issue",
    ]
}
