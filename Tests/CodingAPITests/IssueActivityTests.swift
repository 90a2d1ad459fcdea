import Foundation
import SlipwayCore
import Testing

/// What issue activity records and answers: the log of creations, field and status changes and
/// comments; custom fields set through `CustomFieldValues` with their history; the field
/// settings and filters of an issue type; the workbench across projects; cases linked to issues.
@Suite struct IssueActivityTests {
    @Test(arguments: CodingStoreKind.enabled)
    func theLogRecordsEveryChangeAndFilters(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            let devID = try #require(try await h.store.numericIDs.userIDs(uids: [try await IssueActivityFixture.uid(h, "dev")]).values.first)
            try await f.ok("ModifyIssue", #""IssueCode":5,"Name":"handbook","StatusId":2,"AssigneeId":\#(devID),"WatcherIds":[\#(devID)]"#)
            try await f.ok("CreateIssueComment", #""IssueCode":5,"Content":"started **now** <b>","ParentId":0"#, token: f.dev)
            let comment = try await f.ok("DescribeIssueCommentList", #""IssueCode":5"#, token: f.reader)["CommentList"].array.first
            #expect(comment?["RawContent"].string == "started **now** <b>")
            #expect(comment?["Content"].string == "<p>started <strong>now</strong> &lt;b&gt;</p>")
            let log = try await f.ok("DescribeIssueLogList", #""IssueCode":5"#, token: f.reader)["IssueList"].array
            let seen = log.map { "\($0["ActionType"].string ?? "") \($0["Target"].string ?? "")" }
            #expect(seen == ["ADD COMMENT", "ADD WATCHER", "UPDATE ASSIGNEE", "UPDATE STATUS", "UPDATE NAME", "CREATE SELF"], "\(seen)")
            let assignee = JSONValue(text: log[2]["Content"].string ?? "")
            #expect(assignee["id"].int == devID && assignee["global_key"].string == "dev")
            #expect(log.allSatisfy { $0["IssueId"].int != nil && $0["CreateAt"].int ?? 0 > 0 && $0["Creator"].int != nil })
            let status = try await f.ok("DescribeIssueLogList", #""IssueCode":5,"ActionType":"UPDATE","Target":"STATUS""#)["IssueList"].array
            #expect(status.count == 1 && JSONValue(text: status[0]["Content"].string ?? "")["name"].string == "处理中")
            #expect(try await f.ok("DescribeIssueLogList", #""IssueCode":5,"ActionType":"DELETE""#)["IssueList"].array.isEmpty)
            #expect(try await f.error("DescribeIssueLogList", #""IssueCode":5,"ActionType":"JUMP""#) == "InvalidParameterValue")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func customFieldsAreCheckedShownAndLogged(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            try await f.ok("CreateIssueCustomField", #""Name":"estimate","ComponentType":"TEXT_DECIMAL","IssueTypes":["REQUIREMENT","MISSION"],"Unit":"d""#)
            #expect(
                try await f.error("CreateIssueCustomField", #""Name":"estimate","ComponentType":"TEXT_DECIMAL","IssueTypes":["EPIC"]"#) == "FailedOperation")
            #expect(try await f.error("CreateIssueCustomField", #""Name":"pick","ComponentType":"RADIO","IssueTypes":["EPIC"]"#) == "InvalidParameterValue")
            // Values are checked against their field and the issue's type; nothing is half stored.
            for bad in [#"[{"Id":1,"Content":"a,z"}]"#, #"[{"Id":2,"Content":"many"}]"#, #"[{"Id":9,"Content":"1"}]"#, #"[{"Id":"x"}]"#] {
                let code = try await f.error("ModifyIssue", #""IssueCode":1,"Name":"changed","CustomFieldValues":\#(bad)"#)
                #expect(["InvalidParameterValue", "InvalidParameter"].contains(code), "\(bad)")
            }
            #expect(try await f.error("ModifyIssue", #""IssueCode":4,"CustomFieldValues":[{"Id":1,"Content":"a"}]"#) == "InvalidParameterValue")
            try await f.ok("ModifyIssue", #""IssueCode":1,"CustomFieldValues":[{"Id":1,"Content":"b, c"},{"Id":2,"Content":2.5}]"#, token: f.dev)
            let created = try await f.ok("CreateIssue", #""Type":"MISSION","Name":"m","Priority":"1","CustomFieldValues":[{"Id":2,"Content":"4"}]"#)
            #expect(created["Issue"]["CustomFields"].array.map { "\($0["Id"].int ?? 0)=\($0["ValueString"].string ?? "")" } == ["2=4"])
            let issue = try await f.ok("DescribeIssue", #""IssueCode":1"#)["Issue"]
            #expect(issue["Name"].string == "login", "refused changes kept nothing")
            #expect(issue["CustomFields"].array.map { "\($0["Id"].int ?? 0)=\($0["ValueString"].string ?? "")" } == ["1=b,c", "2=2.5"])
            try await f.ok("ModifyIssue", #""IssueCode":1,"CustomFieldValues":[{"Id":1,"Content":""}]"#)
            let history = try await f.ok("DescribeIssueCustomFieldLogList", #""IssueCode":1,"FieldName":"parts""#, token: f.reader)["FieldChangeLogList"].array
            #expect(history.map { $0["FieldValue"].string ?? "" } == ["无", "b,c", "a"], "\(history)")
            #expect(history.allSatisfy { $0["FieldId"].int == 1 && $0["FieldType"].string == "SELECT_MULTI" && $0["FieldName"].string == "parts" })
            // The settings of an issue type list the system fields, then its custom ones.
            let fields = try await f.ok("DescribeProjectIssueFieldList", #""IssueTypeId":1"#)["ProjectIssueFieldList"].array
            let custom = fields.filter { $0["IssueField"]["Type"].string == "CUSTOM" }
            #expect(custom.map { $0["IssueField"]["Name"].string ?? "" } == ["parts", "estimate"])
            #expect(custom[0]["IssueField"]["Options"].array.map { $0["Value"].string ?? "" } == ["a", "b", "c"])
            #expect(fields.contains { $0["IssueField"]["Type"].string == "ASSIGNEE" && $0["IssueField"]["ComponentType"].string == "SELECT_MEMBER_SINGLE" })
            let epic = try await f.ok("DescribeProjectIssueFieldList", #""IssueType":"EPIC""#)["ProjectIssueFieldList"].array
            #expect(!epic.contains { $0["IssueField"]["Type"].string == "CUSTOM" || $0["IssueField"]["Type"].string == "ITERATION" })
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func filtersAndTheWorkbench(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            let devUID = try await IssueActivityFixture.uid(h, "dev")
            let devID = try #require(try await h.store.numericIDs.userIDs(uids: [devUID]).values.first)
            let filters = try await f.ok("DescribeIssueFilterList", #""IssueType":"DEFECT""#, token: f.dev)["Data"]
            let mine = filters["SystemFilterList"].array
            #expect(mine.count == 5 && filters["CustomFilterList"].array.isEmpty && mine[0]["IsDefault"].bool == true)
            let content = JSONValue(text: mine[1]["ContentString"].string ?? "")
            #expect(content["Conditions"][0]["Key"].string == "ASSIGNEE" && content["Conditions"][0]["Value"][0].int == devID)
            // Dev's open issues: defect 4 in alpha, two in beta (one completed, left out); a stranger's project stays out.
            let beta = try await h.makeProject("beta")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(beta),"Type":80,"UserGlobalKeyList":["dev"]}"#)
            func betaIssue(_ fields: String) async throws {
                let reply = try await h.action("CreateIssue", #"{"ProjectName":"beta",\#(fields),"AssigneeId":\#(devID)}"#)
                #expect(reply.response["Error"].isNull, "\(reply.text)")
            }
            try await betaIssue(#""Type":"REQUIREMENT","Name":"beta login","Priority":"1""#)
            try await betaIssue(#""Type":"MISSION","Name":"done already","Priority":"1","StatusId":3"#)
            try await betaIssue(#""Type":"MISSION","Name":"beta docs","Priority":"1""#)
            func workbench(_ fields: String) async throws -> JSONValue {
                try await f.ok("DescribeWorkbenchIssueList", "{\(fields)}", token: f.dev)["Data"]
            }
            let all = try await workbench(#""ProjectId":0"#)
            #expect(all["TotalCount"].int == 3 && all["IssueList"].array.map { $0["Name"].string ?? "" } == ["beta docs", "beta login", "crash"])
            #expect(all["IssueList"][2]["Project"]["Name"].string == "alpha" && all["IssueList"][0]["ProjectId"].int == beta)
            let page = try await workbench(#""PageNumber":2,"PageSize":2"#)
            #expect(page["TotalPage"].int == 2 && page["IssueList"].array.map { $0["Code"].int ?? 0 } == [4])
            #expect(try await workbench(#""ProjectId":\#(beta),"Type":"REQUIREMENT""#)["IssueList"].array.map { $0["Name"].string ?? "" } == ["beta login"])
            #expect(try await workbench(#""Keyword":"docs""#)["TotalCount"].int == 1)
            // Once out of beta, its issues leave the workbench.
            try await h.store.roles.deleteBindings(namespace: "beta", subject: .user(uid: devUID))
            #expect(try await workbench("")["IssueList"].array.map { $0["Name"].string ?? "" } == ["crash"])
            #expect(try await f.error("DescribeWorkbenchIssueList", #"{"ProjectId":\#(beta)}"#, token: f.dev) == "ResourceNotFound")
            #expect(try await f.error("DescribeWorkbenchIssueList", #"{"Type":"STORY"}"#, token: f.dev) == "InvalidParameterValue")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func casesLinkedToIssues(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            try await f.ok("CreateTestCase", #""SectionId":1,"Title":"crash path","TemplateType":"TEXT","Priority":0,"IssueCodes":[4,1]"#)
            #expect(try await f.error("CreateTestCase", #""SectionId":1,"Title":"x","TemplateType":"TEXT","IssueCodes":[99]"#) == "InvalidParameterValue")
            let related = try await f.ok("DescribeRelatedCaseList", #""IssueCode":1"#, token: f.reader)["Cases"].array
            #expect(related.map { "\($0["Id"].int ?? 0) \($0["Name"].string ?? "") \($0["Priority"].int ?? -1)" } == ["1 sign in 1", "2 crash path 0"])
            #expect(try await f.ok("DescribeRelatedCaseList", #""IssueCode":4"#)["Cases"].array.count == 1)
            let requirement = try await f.ok("DescribeRequirementTestCaseList", #""IssueId":1"#)["Data"]["Cases"].array
            #expect(requirement.map { $0["Title"].string ?? "" } == ["sign in", "crash path"])
            try await f.ok("ModifyTestCase", #""CaseId":2,"SectionId":1,"Title":"crash path","TemplateType":"TEXT","IssueCodes":[]"#)
            #expect(try await f.ok("DescribeRelatedCaseList", #""IssueCode":4"#)["Cases"].array.isEmpty)
            try await f.ok("DeleteTestCase", #""CaseId":1"#)
            #expect(try await f.ok("DescribeRequirementTestCaseList", #""IssueId":1"#)["Data"]["Cases"].array.isEmpty)
        }
    }
}
