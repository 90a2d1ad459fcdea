import SlipwayCore

extension SchemaScenario {
    /// Agile releases, programs and collaboration templates in project alpha: every action once.
    func agile() async throws {
        func p(_ fields: String) -> String { #"{"ProjectName":"alpha",\#(fields)}"# }
        let it = try await call("CreateIteration", p(#""Name":"release sprint""#))["Iteration"]["Code"].int ?? 0
        let issue = try await call("CreateIssue", p(#""Type":"MISSION","Name":"ship","Priority":"1","IterationCode":\#(it)"#))["Issue"]["Code"].int ?? 0
        let release = try await call(
            "CreateRelease", p(#""Name":"版本4","Description":"d","StartDate":"2023-03-01","ReleaseDate":"2023-03-09","IterationCodes":[\#(it)]"#))
        let code = release["Release"]["Code"].int ?? 0
        try await call("DescribeRelease", p(#""ReleaseCode":\#(code)"#))
        try await call(
            "ModifyRelease", p(#""ReleaseCode":\#(code),"Name":"xjx","Description":"","Assignee":0,"StartDate":"","ReleaseDate":"","IterationCodes":[]"#))
        try await call(
            "DescribeReleaseIssueList",
            p(
                #""ReleaseCode":\#(code),"IssueTypes":[],"StatusTypes":[],"IssueTypeIds":[],"Assignees":[],"Watchers":[],"Keywords":"","SortBy":"","ShowSubIssues":true,"Page":1,"PageSize":20"#
            ))
        try await call("DescribeIssueReleaseList", p(#""IssueCode":\#(issue)"#))
        try await call(
            "DescribeReleaseList",
            p(
                #""SortKey":"CODE","SortValue":"ASC","Page":1,"PageSize":20,"OpenApiIssueCondition":[{"key":"STATUS_TYPE","value":["TODO"]},{"key":"ASSIGNEE","value":[],"constValue":[]},{"key":"KEYWORD","value":""}]"#
            ))
        try await call("DeleteRelease", p(#""ReleaseCode":\#(code)"#))

        let program = try await call(
            "CreateProgram",
            #"{"Name":"test001","DisplayName":"测试项目集001","StartDate":"1989-02-27","EndDate":"2003-05-04","Description":"test","WorkflowProgramId":""}"#)
        let programID = program["Data"]["Id"].int ?? 0
        let projectID = try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"] ?? 0
        try await call("CreateProgramProjects", #"{"ProgramId":\#(programID),"ProjectId":[\#(projectID)]}"#)
        try await call("DescribePrograms", #"{"PageNumber":1,"PageSize":10,"Keyword":"test"}"#)
        try await call("DescribeProgramProjects", #"{"ProgramId":\#(programID)}"#)
        let adminUID = try await h.store.users.find(account: "admin")?.uid ?? ""
        let adminID = try await h.store.numericIDs.userIDs(uids: [adminUID])[adminUID] ?? 0
        let member = #""ProgramId":\#(programID),"PrincipalType":"USER","PrincipalId":"\#(adminID)""#
        try await call("CreateProgramMemberPolicy", #"{\#(member),"Policies":["ProgramAdmin","ProgramMember"]}"#)
        try await call("DeleteProgramMemberPolicy", #"{\#(member),"Policies":["ProgramAdmin"]}"#)
        try await call("CreateProgramWorkItem", #"{"ProgramName":"test001","Name":"工作项001","Description":"d"}"#)
        try await call("ModifyWorkItemSplitIssues", #"{"ProgramName":"test001","WorkItemCode":1,"ProjectName":"alpha","IssueCode":\#(issue),"Split":true}"#)
        try await call("DescribeIssueRelatedWorkItemList", p(#""IssueCode":\#(issue)"#))

        try await call("DescribeConfigTemplateList", p(#""TemplateType":"GLOBAL","PageNumber":1,"PageSize":20"#))
        try await call("InitProjectTemplate", p(#""TemplateType":"SCRUM","Sync":false,"TemplateId":0"#))
    }
}
