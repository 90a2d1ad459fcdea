import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every issue, iteration and work-hour action: a valid call, a bad call (a clear error, nothing
/// stored), and calls without permission (no token, a token without `project:issue`, a
/// stranger, a read-only member for changes), on both stores.
@Suite struct IssueAccessTests {
    /// action, valid fields, bad fields and the error they give.
    static let cases: [(action: String, valid: String, bad: String, code: String)] = [
        ("DescribeTeamIssueTypeList", "{}", "[1]", "InvalidParameter"),
        ("DescribeProjectIssueTypeList", "", #"{"ProjectName":"nope"}"#, "ResourceNotFound"),
        ("DescribeProjectIssueStatusList", #""IssueType":"DEFECT""#, #""IssueType":"STORY""#, "InvalidParameterValue"),
        ("CreateIssue", #""Type":"MISSION","Name":"m","Priority":"1""#, #""Type":"MISSION","Name":"m","Priority":"9""#, "InvalidParameterValue"),
        ("DescribeIssue", #""IssueCode":1"#, #""IssueCode":999"#, "ResourceNotFound"),
        ("ModifyIssue", #""IssueCode":1,"Name":"renamed","StatusId":2"#, #""IssueCode":1,"StatusId":6"#, "InvalidParameterValue"),
        ("ModifyIssueDescription", #""IssueCode":1,"Description":"d""#, #""IssueCode":1"#, "MissingParameter"),
        (
            "DescribeIssueListWithPage", #""IssueType":"ALL","PageNumber":1,"PageSize":10"#, #""IssueType":"ALL","PageNumber":1,"PageSize":501"#,
            "InvalidParameterValue"
        ),
        ("DescribeIssueList", #""IssueType":"REQUIREMENT","Offset":0,"Limit":10"#, #""IssueType":"STORY""#, "InvalidParameterValue"),
        ("DescribeSubIssueList", #""IssueCode":1"#, #""IssueCode":999"#, "ResourceNotFound"),
        ("ModifyIssueParentRequirement", #""IssueCode":3,"ParentIssueCode":1"#, #""IssueCode":1,"ParentIssueCode":2"#, "InvalidParameterValue"),
        ("CreateIssueBlock", #""IssueCode":1,"BlockIssueCode":4"#, #""IssueCode":1,"BlockIssueCode":1"#, "InvalidParameterValue"),
        ("DescribeBlockedByIssueList", #""IssueCode":1"#, #""IssueCode":999"#, "ResourceNotFound"),
        ("DescribeBlockIssueList", #""IssueCode":4"#, #""IssueCode":"x""#, "InvalidParameter"),
        ("DeleteIssueBlock", #""IssueCode":1,"BlockIssueCode":4"#, #""IssueCode":1,"BlockIssueCode":5"#, "ResourceNotFound"),
        ("CreateRequirementDefectRelation", #""RequirementCode":1,"DefectCode":4"#, #""RequirementCode":4,"DefectCode":1"#, "InvalidParameterValue"),
        ("ModifyDefectRelatedRequirement", #""RequirementCode":1,"DefectCode":4"#, #""RequirementCode":1,"DefectCode":999"#, "ResourceNotFound"),
        ("DescribeRequirementDefectRelation", #""RequirementCode":1"#, #""RequirementCode":4"#, "InvalidParameterValue"),
        ("DescribeIssueStatusChangeLogList", #""IssueCode":[1,2]"#, #""IssueCode":[]"#, "MissingParameter"),
        ("CreateIssueComment", #""IssueCode":1,"Content":"hi","ParentId":1"#, #""IssueCode":1,"Content":"","ParentId":0"#, "MissingParameter"),
        (
            "ModifyIssueComment", #""IssueCode":1,"CommentId":1,"Content":"edited""#, #""IssueCode":1,"CommentId":999,"Content":"x""#,
            "ResourceNotFound"
        ),
        ("DescribeIssueCommentList", #""IssueCode":1"#, #""IssueCode":999"#, "ResourceNotFound"),
        ("CreateIteration", #""Name":"s3""#, #""Name":"s","StartAt":"2020-02-01","EndAt":"2020-01-01""#, "InvalidParameterValue"),
        ("DescribeIteration", #""IterationCode":1"#, #""IterationCode":99"#, "ResourceNotFound"),
        ("ModifyIteration", #""IterationCode":1,"Name":"sprint","Goal":"g""#, #""IterationCode":1"#, "MissingParameter"),
        ("DeleteIteration", #""IterationCode":2"#, #""IterationCode":99"#, "ResourceNotFound"),
        ("ModifyIterationStatus", #""IterationCode":1,"Operator":"start""#, #""IterationCode":1,"Operator":"fly""#, "InvalidParameterValue"),
        ("PlanIterationIssue", #""IterationCode":1,"IssueCode":[4]"#, #""IterationCode":1,"IssueCode":[2]"#, "InvalidParameterValue"),
        ("DescribeIterationList", #""Offset":0,"Limit":10"#, #""Limit":0"#, "InvalidParameterValue"),
        (
            "CreateIssueWorkHours", #""IssueCode":2,"SpendHour":1.5,"RemainingHour":2,"StartAt":1608630452740"#,
            #""IssueCode":2,"SpendHour":-1,"RemainingHour":2,"StartAt":1608630452740"#, "InvalidParameterValue"
        ),
        ("DescribeIssueWorkLogList", #""IssueCode":2"#, #""IssueCode":999"#, "ResourceNotFound"),
        (
            "DeleteIssueWorkHours", #""IssueCode":2,"WorkHourLogId":1,"RollbackRemainingHours":true"#,
            #""IssueCode":2,"WorkHourLogId":999,"RollbackRemainingHours":true"#, "ResourceNotFound"
        ),
        ("DeleteIssue", #""IssueCode":5"#, #""IssueCode":999"#, "ResourceNotFound"),
    ]

    @Test func everyRegisteredPlanningActionIsCovered() {
        let planning = CodingRoutes.ownActions().keys.filter {
            ($0.contains("Issue") || $0.contains("Iteration") || $0.contains("Requirement")) && CodingRoutes.agileActions()[$0] == nil
        }
        // Issue activity, files, fields and linked cases are covered by `IssueActivityAccessTests`,
        // issue modules by `IssueLabelAccessTests`.
        let elsewhere = Set(IssueActivityAccessTests.cases.map(\.action) + IssueLabelAccessTests.cases.map(\.action))
        #expect(Set(planning).subtracting(elsewhere) == Set(Self.cases.map(\.action)))
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await PlanningFixture.make(h)
            let issues = try await h.store.issues.list(IssueQuery(projectKey: "alpha")).total
            for c in Self.cases {
                #expect(try await f.error(c.action, c.valid, anonymous: true) == "AuthFailure", "\(c.action)")
                #expect(try await f.error(c.action, c.valid, token: f.narrow) == "UnauthorizedOperation", "\(c.action)")
                if c.action == "DescribeTeamIssueTypeList" { continue }
                #expect(try await f.errorAudited(c.action, c.valid, token: f.stranger, by: "stranger") == "ResourceNotFound", "\(c.action)")
                if c.action.hasPrefix("Describe") {
                    try await f.ok(c.action, c.valid, token: f.reader)
                } else {
                    #expect(try await f.errorAudited(c.action, c.valid, token: f.reader, by: "reader") == "UnauthorizedOperation", "\(c.action)")
                }
            }
            #expect(try await h.store.issues.list(IssueQuery(projectKey: "alpha")).total == issues, "a refused call stores nothing")
            let logs = try await f.ok("DescribeIssueWorkLogList", #""IssueCode":2"#)
            #expect(logs["WorkLogs"].array.count == 1)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await PlanningFixture.make(h)
            for c in Self.cases {
                #expect(try await f.errorAudited(c.action, c.bad) == c.code, "\(c.action) \(c.bad)")
                let read = c.action.hasPrefix("Describe")
                try await f.okAudited(c.action, c.valid, token: read ? f.reader : f.dev, by: read ? "reader" : "dev")
            }
            // What the valid calls did, and what the bad ones did not.
            let all = try await f.ok("DescribeIssueListWithPage", #""IssueType":"ALL","PageNumber":1,"PageSize":50"#)
            #expect(all["Data"]["List"].array.compactMap { $0["Code"].int }.sorted() == [1, 2, 3, 4, 6], "\(all)")
            let requirement = try await f.ok("DescribeIssue", #""IssueCode":1"#)["Issue"]
            #expect(requirement["Name"].string == "renamed" && requirement["IssueStatusId"].int == 2 && requirement["Description"].string == "d")
            let iterations = try await f.ok("DescribeIterationList", "")
            #expect(iterations["Data"]["List"].array.compactMap { $0["Code"].int }.sorted() == [1, 3])
            #expect(try await f.ok("DescribeIteration", #""IterationCode":1"#)["Iteration"]["Status"].string == "PROCESSING")
            let comments = try await f.ok("DescribeIssueCommentList", #""IssueCode":1"#)["CommentList"].array
            #expect(comments.map { $0["RawContent"].string ?? "" } == ["edited", "hi"] && comments[1]["ParentId"].int == 1)
            let sub = try await f.ok("DescribeIssue", #""IssueCode":2"#)["Issue"]
            #expect(
                PlanningFixture.number(sub["SpentHours"]) == 1.5 && PlanningFixture.number(sub["RemainingHours"]) == 3,
                "log 1 removed with its hour rolled back: \(sub)")
            let defects = try await f.ok("DescribeRequirementDefectRelation", #""RequirementCode":1"#)["Issues"].array
            #expect(defects.compactMap { $0["Code"].int } == [4])
        }
    }
}
