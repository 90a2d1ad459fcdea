import Foundation
import SlipwayCore
import Testing

/// DescribeIssueListWithPage and DescribeIssueList: CODING's `Conditions` language over bound
/// parameters, bounded, with sorting and paging.
@Suite struct IssueListTests {
    func codes(_ f: PlanningFixture, _ type: String = "ALL", _ conditions: String = "[]", extra: String = "") async throws -> [Int64] {
        let reply = try await f.ok(
            "DescribeIssueListWithPage", #""IssueType":"\#(type)","PageNumber":1,"PageSize":100,"Conditions":\#(conditions)\#(extra)"#)
        return reply["Data"]["List"].array.compactMap { $0["Code"].int }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func conditionsFilterSortAndPage(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await PlanningFixture.make(h)
            let dev = try #require(try await h.store.users.find(account: "dev"))
            let devID = try #require(try await h.store.numericIDs.userIDs(uids: [dev.uid])[dev.uid])
            try await f.ok("ModifyIssue", #""IssueCode":4,"AssigneeId":\#(devID),"DueDate":"2026-03-01""#)
            try await f.ok("ModifyIssue", #""IssueCode":5,"AssigneeId":\#(devID),"StatusId":2,"WorkingHours":6"#)
            try await f.ok("CreateIssue", #""Type":"MISSION","Name":"100% done","Priority":"2""#)

            #expect(try await codes(f) == [6, 5, 4, 3, 2, 1], "newest code first by default")
            #expect(try await codes(f, "SUB_TASK") == [3, 2])
            #expect(try await codes(f, "ALL", "[]", extra: #","ExcludeSubTask":true,"SortKey":"CODE","SortValue":"ASC""#) == [1, 4, 5, 6])
            #expect(try await codes(f, "ALL", #"[{"Key":"PRIORITY","Value":"2,3"}]"#) == [6, 4, 1])
            #expect(try await codes(f, "ALL", #"[{"Key":"ASSIGNEE","Value":"\#(devID)"},{"Key":"STATUS_TYPE","Value":"PROCESSING"}]"#) == [5])
            #expect(try await codes(f, "ALL", #"[{"Key":"ASSIGNEE","ConstValue":"UNSPECIFIC"}]"#) == [6, 3, 2, 1])
            #expect(try await codes(f, "ALL", #"[{"Key":"ITERATION","Value":"1"}]"#) == [1])
            #expect(try await codes(f, "ALL", #"[{"Key":"PARENT","Value":"1"}]"#) == [3, 2])
            #expect(try await codes(f, "ALL", #"[{"Key":"DUE_DATE","Value":"2026-03-01_2026-03-01"}]"#) == [4])
            #expect(try await codes(f, "ALL", #"[{"Key":"WORKING_HOURS","Value":"5_10"}]"#) == [5])
            #expect(try await codes(f, "ALL", #"[{"Key":"KEYWORD","Value":"%"}]"#) == [6], "a keyword matches literally")
            #expect(try await codes(f, "ALL", #"[{"Key":"KEYWORD","Value":"' OR '1'='1"}]"#) == [])
            #expect(try await codes(f, "ALL", #"[{"Key":"CREATED_AT","Value":"2020-01-01_2099-12-31"},{"Key":"STATUS","Value":"1"}]"#) == [6, 3, 2, 1])

            let page = try await f.ok("DescribeIssueListWithPage", #""IssueType":"ALL","PageNumber":2,"PageSize":4"#)["Data"]
            #expect(page["TotalCount"].int == 6 && page["TotalPage"].int == 2 && page["PageNumber"].int == 2)
            #expect(page["List"].array.compactMap { $0["Code"].int } == [2, 1])
            let old = try await f.ok("DescribeIssueList", #""IssueType":"ALL","Offset":1,"Limit":2,"SortKey":"PRIORITY","SortValue":"DESC""#)
            #expect(old["IssueList"].array.compactMap { $0["Code"].int } == [6, 1])
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func conditionsAreBoundedAndNeverBecomeSQL(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await PlanningFixture.make(h)
            let many = "[" + Array(repeating: #"{"Key":"PRIORITY","Value":"1"}"#, count: 21).joined(separator: ",") + "]"
            let long = String(repeating: "a", count: 201)
            let values = (1...101).map(String.init).joined(separator: ",")
            let bad = [
                many, #"[{"Key":"KEYWORD","Value":"\#(long)"}]"#, #"[{"Key":"STATUS","Value":"\#(values)"}]"#,
                #"[{"Key":"STATUS","Value":"1) OR 1=1 --"}]"#, #"[{"Key":"DEFECT_TYPE","Value":"1"}]"#, #"[{"Key":"LABEL","Value":"1) OR 1=1 --"}]"#,
                #"[{"Key":"CREATED_AT","Value":"yesterday"}]"#,
                #"[{"Key":"DUE_DATE","Value":"2026-02-01_2026-01-01"}]"#, #"[{"Value":"1"}]"#, #""PRIORITY""#,
            ]
            for conditions in bad {
                let code = try await f.error("DescribeIssueListWithPage", #""IssueType":"ALL","PageNumber":1,"PageSize":10,"Conditions":\#(conditions)"#)
                #expect(["InvalidParameterValue", "InvalidParameter", "MissingParameter"].contains(code), "\(conditions.prefix(80)): \(code)")
            }
            for sort in [#""SortKey":"name; DROP TABLE issues""#, #""SortValue":"SIDEWAYS""#] {
                let code = try await f.error("DescribeIssueListWithPage", #""IssueType":"ALL","PageNumber":1,"PageSize":10,\#(sort)"#)
                #expect(code == "InvalidParameterValue", "\(sort)")
            }
            let all = try await f.ok("DescribeIssueListWithPage", #""IssueType":"ALL","PageNumber":1,"PageSize":10"#)
            #expect(all["Data"]["TotalCount"].int == 5)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func blocksDefectsParentsAndCommentsStayConsistent(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await PlanningFixture.make(h)
            try await f.ok("CreateIssueBlock", #""IssueCode":1,"BlockIssueCode":4"#)
            try await f.ok("CreateIssueBlock", #""IssueCode":1,"BlockIssueCode":4"#)
            #expect(try await f.error("CreateIssueBlock", #""IssueCode":4,"BlockIssueCode":1"#) == "FailedOperation", "no two-way block")
            #expect(try await f.ok("DescribeBlockedByIssueList", #""IssueCode":1"#)["Issues"].array.compactMap { $0["Code"].int } == [4])
            // A defect belongs to one requirement: moving it leaves the first.
            try await f.ok("CreateIssue", #""Type":"REQUIREMENT","Name":"signup","Priority":"1""#)
            try await f.ok("CreateRequirementDefectRelation", #""RequirementCode":1,"DefectCode":4"#)
            try await f.ok("ModifyDefectRelatedRequirement", #""RequirementCode":6,"DefectCode":4"#)
            #expect(try await f.ok("DescribeRequirementDefectRelation", #""RequirementCode":1"#)["Issues"].array.isEmpty)
            #expect(try await f.ok("DescribeRequirementDefectRelation", #""RequirementCode":6"#)["Issues"].array.count == 1)
            // A sub-task moves to another parent; a mission cannot have a requirement as parent.
            try await f.ok("ModifyIssueParentRequirement", #""IssueCode":3,"ParentIssueCode":6"#)
            #expect(try await f.ok("DescribeSubIssueList", #""IssueCode":6"#)["SubIssueList"].array.compactMap { $0["Code"].int } == [3])
            #expect(try await f.error("ModifyIssueParentRequirement", #""IssueCode":5,"ParentIssueCode":1"#) == "InvalidParameterValue")
            // Only a comment's author edits it.
            #expect(try await f.error("ModifyIssueComment", #""IssueCode":1,"CommentId":1,"Content":"x""#) == "UnauthorizedOperation")
            #expect(try await f.error("CreateIssueComment", #""IssueCode":1,"Content":"x","ParentId":42"#) == "InvalidParameterValue")
            // Deleting the defect takes its links with it.
            try await f.ok("DeleteIssue", #""IssueCode":4"#)
            #expect(try await f.ok("DescribeBlockedByIssueList", #""IssueCode":1"#)["Issues"].array.isEmpty)
            #expect(try await f.ok("DescribeRequirementDefectRelation", #""RequirementCode":6"#)["Issues"].array.isEmpty)
        }
    }
}
