import Foundation
import SQLKit
import SlipwayCore
import Testing

/// Issue 16's scenario: an iteration; a requirement with two sub-tasks moved through their
/// statuses (an illegal move refused, every move logged); work hours logged; the iteration closed.
@Suite struct IterationScenarioTests {
    @Test(arguments: CodingStoreKind.enabled)
    func aSprintFromPlanningToClose(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            _ = try await h.makeProject("alpha")
            let f = PlanningFixture(h: h, dev: h.adminToken, reader: "", stranger: "", narrow: "")
            let sprint = try await f.ok("CreateIteration", #""Name":"sprint","Goal":"ship login","StartAt":"2026-01-05","EndAt":"2026-01-16""#)
            #expect(sprint["Iteration"]["Code"].int == 1 && sprint["Iteration"]["Status"].string == "WAIT_PROCESS")
            let requirement = try await f.ok("CreateIssue", #""Type":"REQUIREMENT","Name":"login","Priority":"2""#)["Issue"]
            #expect(requirement["Code"].int == 1 && requirement["IssueStatusName"].string == "未开始")
            for name in ["form", "api"] {
                try await f.ok("CreateIssue", #""Type":"SUB_TASK","Name":"\#(name)","Priority":"1","ParentCode":1"#)
            }
            let orphan = try await f.error("CreateIssue", #""Type":"SUB_TASK","Name":"x","Priority":"1""#)
            #expect(orphan == "InvalidParameterValue", "a sub-task needs a parent")
            try await f.ok("PlanIterationIssue", #""IterationCode":1,"IssueCode":[1]"#)
            let subs = try await f.ok("DescribeSubIssueList", #""IssueCode":1"#)["SubIssueList"].array
            #expect(subs.compactMap { $0["Code"].int } == [2, 3] && subs.allSatisfy { $0["ParentCode"].int == 1 })
            try await f.ok("ModifyIterationStatus", #""IterationCode":1,"Operator":"start""#)

            // Sub-task 2 goes 未开始 → 处理中 → 已完成; sub-task 3 may not skip 处理中.
            try await f.ok("ModifyIssue", #""IssueCode":2,"StatusId":2"#)
            let done = try await f.ok("ModifyIssue", #""IssueCode":2,"StatusId":3"#)["Issue"]
            #expect(done["IssueStatusType"].string == "COMPLETED" && (done["CompletedAt"].int ?? 0) > 0)
            let skipped = try await h.action("ModifyIssue", #"{"ProjectName":"alpha","IssueCode":3,"StatusId":3}"#)
            #expect(skipped.response["Error"]["Code"].string == "FailedOperation", "\(skipped.text)")
            #expect(skipped.response["Error"]["Message"].string?.contains("cannot move") == true)
            #expect(try await f.ok("DescribeIssue", #""IssueCode":3"#)["Issue"]["IssueStatusId"].int == 1, "the refused move changed nothing")
            let logs = try await f.ok("DescribeIssueStatusChangeLogList", #""IssueCode":[2,3]"#)["Logs"]["List"].array
            #expect(logs.map { "\($0["IssueCode"].int ?? 0):\($0["StatusId"].int ?? 0)" } == ["2:1", "3:1", "2:2", "2:3"])

            // Work hours add up to the sub-task's spent hours.
            for (spent, left) in [(2.5, 4.0), (1.5, 2.0)] {
                try await f.ok("CreateIssueWorkHours", #""IssueCode":3,"SpendHour":\#(spent),"RemainingHour":\#(left),"StartAt":"1608630452740""#)
            }
            let worked = try await f.ok("DescribeIssue", #""IssueCode":3"#)["Issue"]
            #expect(PlanningFixture.number(worked["SpentHours"]) == 4 && PlanningFixture.number(worked["RemainingHours"]) == 2)
            let entries = try await f.ok("DescribeIssueWorkLogList", #""IssueCode":3"#)["WorkLogs"].array
            #expect(entries.compactMap { PlanningFixture.number($0["RecordHours"]) } == [2.5, 1.5] && entries.allSatisfy { $0["IssueCode"].int == 3 })

            // Closing: the unfinished requirement moves on to the next sprint; the sprint counts its issues.
            try await f.ok("CreateIteration", #""Name":"next""#)
            let early = try await f.error("ModifyIterationStatus", #""IterationCode":2,"Operator":"complete""#)
            #expect(early == "FailedOperation", "a sprint that did not start cannot complete")
            let closed = try await f.ok("ModifyIterationStatus", #""IterationCode":1,"Operator":"complete","JoinIterationCode":2"#)["Iteration"]
            #expect(closed["Status"].string == "COMPLETED" && (closed["Completer"].int ?? 0) > 0)
            #expect(try await f.ok("DescribeIssue", #""IssueCode":1"#)["Issue"]["Iteration"]["Code"].int == 2)
            let next = try await f.ok("DescribeIteration", #""IterationCode":2"#)["Iteration"]
            #expect(next["WaitProcessCount"].int == 1 && next["CompletedCount"].int == 0)
            let list = try await f.ok("DescribeIterationList", #""Status":["COMPLETED"]"#)["Data"]
            #expect(list["TotalRow"].int == 1 && list["List"][0]["Code"].int == 1)

            // Deleting the requirement takes its sub-tasks and their logs with it.
            try await f.ok("DeleteIssue", #""IssueCode":1"#)
            #expect(try await f.error("DescribeIssue", #""IssueCode":2"#) == "ResourceNotFound")
            let left = try await h.store.sql.read { db in
                try await db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("issue_work_logs")
                    .first(decodingColumn: "n", as: Int.self)
            }
            #expect(left == 0)
            let next2 = try await f.ok("CreateIssue", #""Type":"MISSION","Name":"after","Priority":"0""#)["Issue"]
            #expect(next2["Code"].int == 4, "codes are never reused")
        }
    }
}
