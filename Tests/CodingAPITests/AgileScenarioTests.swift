import Foundation
import SlipwayCore
import Testing

/// Issue 16's release, program and template scenarios: a release's scope follows its iterations
/// and the issues planned into them; an issue split from a work item lists it; a project
/// initialises its collaboration once, and another copies its template.
@Suite struct AgileScenarioTests {
    @Test(arguments: CodingStoreKind.enabled)
    func aReleaseScopeFollowsItsIterations(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            try await f.ok("ModifyRelease", #""ReleaseCode":1,"IterationCodes":[1,2]"#)
            try await f.ok("PlanIterationIssue", #""IterationCode":2,"IssueCode":[4,5]"#)
            let scope = try await f.ok("DescribeReleaseIssueList", #""ReleaseCode":1,"SortBy":"ID:ASC""#)["Data"]
            #expect(scope["List"].array.compactMap { $0["Code"].int } == [1, 4, 5] && scope["TotalCount"].int == 3, "\(scope)")
            // Each item is a whole IssueDetail: issue 1's sub-tasks, its iteration and its project.
            let login = scope["List"][0]
            #expect(login["SubTasks"].array.compactMap { $0["Code"].int } == [2, 3] && login["SubTasks"][0]["Name"].string == "form", "\(login)")
            #expect(login["Iteration"]["Code"].int == 1 && login["Project"]["Name"].string == "alpha" && login["Files"].array.isEmpty, "\(login)")
            let defects = try await f.ok("DescribeReleaseIssueList", #""ReleaseCode":1,"IssueTypes":["DEFECT"]"#)["Data"]["List"].array
            #expect(defects.compactMap { $0["Code"].int } == [4])
            #expect(try await f.ok("DescribeReleaseIssueList", #""ReleaseCode":2"#)["Data"]["TotalCount"].int == 0)
            let dev = try #require(try await h.store.users.find(account: "dev"))
            let devID = try #require(try await h.store.numericIDs.userIDs(uids: [dev.uid])[dev.uid])
            try await f.ok("ModifyIssue", #""IssueCode":5,"WatcherIds":[\#(devID)]"#)
            let watched = try await f.ok("DescribeReleaseIssueList", #""ReleaseCode":1,"Watchers":[\#(devID)],"PageSize":1"#)["Data"]
            #expect(watched["List"].array.compactMap { $0["Code"].int } == [5] && watched["TotalCount"].int == 1, "\(watched)")
            #expect(watched["List"][0]["Watchers"].array.compactMap { $0["Id"].int } == [devID], "\(watched)")
            var v1 = try await f.ok("DescribeRelease", #""ReleaseCode":1"#)["Release"]
            #expect(v1["Status"].string == "未开始" && v1["WaitProcessCount"].int == 3, "\(v1)")

            try await f.ok("ModifyIssue", #""IssueCode":1,"StatusId":2"#)
            v1 = try await f.ok("DescribeRelease", #""ReleaseCode":1"#)["Release"]
            #expect(v1["Status"].string == "处理中" && v1["ProcessingCount"].int == 1 && v1["WaitProcessCount"].int == 2, "\(v1)")
            let processing = #""OpenApiIssueCondition":[{"key":"STATUS_TYPE","value":["PROCESSING"]},{"key":"KEYWORD","value":"v"}]"#
            let listed = try await f.ok("DescribeReleaseList", processing)["Data"]["List"].array
            #expect(listed.compactMap { $0["Code"].int } == [1])
            let byName = try await f.ok("DescribeReleaseList", #""SortKey":"NAME","SortValue":"DESC""#)["Data"]["List"].array
            #expect(byName.compactMap { $0["Name"].string } == ["v2", "v1"])

            let releasesOf4 = try await f.ok("DescribeIssueReleaseList", #""IssueCode":4"#)["ReleaseList"].array
            #expect(releasesOf4.compactMap { $0["Code"].int } == [1])
            try await f.ok("PlanIterationIssue", #""IterationCode":0,"IssueCode":[4]"#)
            #expect(try await f.ok("DescribeIssueReleaseList", #""IssueCode":4"#)["ReleaseList"].array.isEmpty)
            try await f.ok("DeleteIteration", #""IterationCode":2"#)
            v1 = try await f.ok("DescribeRelease", #""ReleaseCode":1"#)["Release"]
            #expect(v1["Iterations"].array.compactMap { $0["Code"].int } == [1], "a deleted iteration leaves the release: \(v1)")
            try await f.ok("DeleteRelease", #""ReleaseCode":1"#)
            #expect(try await f.error("DescribeRelease", #""ReleaseCode":1"#) == "ResourceNotFound")
            let next = try await f.ok("CreateRelease", #""Name":"v3""#)["Release"]
            #expect(next["Code"].int == 3 && next["Status"].string == "未开始", "codes are not reused: \(next)")
            #expect(try await f.ok("DescribeIssue", #""IssueCode":1"#)["Issue"]["Name"].string == "login", "the issues stay")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func workItemsSplitIntoIssuesOfTheProgramsProjects(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            let items = try await f.ok("DescribeIssueRelatedWorkItemList", #""IssueCode":1"#)["WorkItemList"].array
            #expect(items.count == 1 && items[0]["Type"].string == "WORK_ITEM" && items[0]["Name"].string == "single sign-on", "\(items)")
            #expect(items[0]["Priority"].string == "2" && items[0]["IssueStatusType"].string == "TODO")
            // A project outside the program cannot take its work items.
            _ = try await h.makeProject("beta")
            let mission = try await h.action("CreateIssue", #"{"ProjectName":"beta","Type":"MISSION","Name":"m","Priority":"1"}"#)
            #expect(mission.response["Error"].isNull, "\(mission.text)")
            let outside = #"{"ProgramName":"suite","WorkItemCode":1,"ProjectName":"beta","IssueCode":1,"Split":true}"#
            #expect(try await f.error("ModifyWorkItemSplitIssues", outside) == "InvalidParameterValue")
            try await f.ok("ModifyWorkItemSplitIssues", #"{"ProgramName":"suite","WorkItemCode":1,"ProjectName":"alpha","IssueCode":1,"Split":false}"#)
            #expect(try await f.ok("DescribeIssueRelatedWorkItemList", #""IssueCode":1"#)["WorkItemList"].array.isEmpty)
            // Names are unique; dates answer in seconds.
            let dup = #"{"Name":"suite","DisplayName":"again","StartDate":"2026-01-01","EndDate":"2026-01-02","Description":""}"#
            #expect(try await f.error("CreateProgram", dup) == "FailedOperation")
            let made = try await f.ok(
                "CreateProgram", #"{"Name":"test001","DisplayName":"测试项目集001","StartDate":"1989-02-27","EndDate":"2003-05-04","Description":"test"}"#)
            #expect(made["Data"]["StartDate"].int == 604_540_800 && made["Data"]["EndDate"].int == 1_052_006_400, "\(made)")
            // Members of its projects read a program; others do not see it.
            let listed = #"{"PageNumber":1,"PageSize":10}"#
            let read = try await f.ok("DescribePrograms", listed, token: f.planning.reader)["Data"]["Programs"].array
            #expect(read.compactMap { $0["Name"].string } == ["suite"], "\(read)")
            #expect(try await f.ok("DescribePrograms", listed, token: f.planning.stranger)["Data"]["TotalCount"].int == 0)
            #expect(try await f.ok("DescribePrograms", listed)["Data"]["TotalCount"].int == 2, "administrators read every program")
            // Deleting the project takes its links, not the program.
            try await f.ok("DeleteOneProject", #"{"ProjectId":\#(f.projectID)}"#)
            #expect(try await f.ok("DescribePrograms", listed, token: f.planning.reader)["Data"]["Programs"].array.isEmpty)
            let program = try #require(try await h.store.programs.get(name: "suite"))
            #expect(try await h.store.programs.projectKeys(programID: program.id).isEmpty)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aProjectInitialisesItsCollaborationOnce(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            let global = try await f.ok("DescribeConfigTemplateList", "")["ConfigTemplateList"].array
            #expect(global.compactMap { $0["CooperateMode"].string } == ["SCRUM", "CLASSIC"] && global.allSatisfy { $0["IsSystem"].bool == true })
            #expect(try await f.ok("DescribeConfigTemplateList", #""TemplateType":"PROJECT""#)["ConfigTemplateList"].array.isEmpty)
            try await f.ok("InitProjectTemplate", #""TemplateType":"CLASSIC""#)
            let again = try await f.call("InitProjectTemplate", #""TemplateType":"SCRUM""#)
            #expect(again.response["Error"]["Code"].string == "InvalidParameterValue", "\(again.text)")
            #expect(again.response["Error"]["Message"].string?.contains("project_agile_already_init") == true)
            let own = try await f.ok("DescribeConfigTemplateList", #""TemplateType":"PROJECT""#)["ConfigTemplateList"].array
            #expect(own.count == 1 && own[0]["CooperateMode"].string == "CLASSIC" && own[0]["RelatedProjects"].int == f.projectID)
            #expect(own[0]["IssueTypes"].array.compactMap { $0["IssueType"].string } == ["REQUIREMENT", "MISSION", "DEFECT", "SUB_TASK"])
            let defect = own[0]["IssueTypes"].array.first { $0["IssueType"].string == "DEFECT" }
            #expect(defect?["Statuses"].array.compactMap { $0["Name"].string } == ["待处理", "处理中", "待验证", "已关闭"])
            // The project's issue types and statuses now follow its template: a classic project has no epics.
            let types = try await f.ok("DescribeProjectIssueTypeList", "")["IssueTypes"].array
            #expect(types.compactMap { $0["IssueType"].string } == ["REQUIREMENT", "MISSION", "DEFECT", "SUB_TASK"], "\(types)")
            let epic = try await f.call("CreateIssue", #""Type":"EPIC","Name":"big","Priority":"1""#)
            #expect(epic.response["Error"]["Code"].string == "InvalidParameterValue", "\(epic.text)")
            #expect(epic.response["Error"]["Message"].string?.contains("has no EPIC issues") == true, "\(epic.text)")
            #expect(try await f.error("DescribeProjectIssueStatusList", #""IssueType":"EPIC""#) == "InvalidParameterValue")
            let statuses = try await f.ok("DescribeProjectIssueStatusList", #""IssueType":"DEFECT""#)["ProjectIssueStatusList"].array
            #expect(statuses.compactMap { $0["IssueStatus"]["Name"].string } == ["待处理", "处理中", "待验证", "已关闭"], "\(statuses)")
            try await f.ok("CreateIssue", #""Type":"MISSION","Name":"still allowed","Priority":"1""#)
            // Another project copies alpha's template by id.
            _ = try await h.makeProject("beta")
            let id = own[0]["Id"].int ?? 0
            let body = #"{"ProjectName":"beta","TemplateType":"PROJECT","TemplateId":\#(id),"Sync":true}"#
            #expect(try await f.error("InitProjectTemplate", #"{"ProjectName":"beta","TemplateType":"PROJECT","TemplateId":999}"#) == "ResourceNotFound")
            try await f.ok("InitProjectTemplate", body)
            let beta = try await f.ok("DescribeConfigTemplateList", #"{"ProjectName":"beta","TemplateType":"PROJECT"}"#)["ConfigTemplateList"]
            #expect(beta[0]["CooperateMode"].string == "CLASSIC" && beta[0]["SourceTemplateId"].int == id && beta[0]["Sync"].bool == true, "\(beta)")
        }
    }
}
