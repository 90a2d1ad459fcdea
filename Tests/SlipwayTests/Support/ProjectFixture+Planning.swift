import Foundation
import Testing

extension ProjectFixture {
    /// Issues, iterations and what hangs off issues (issue 16): a requirement in an iteration
    /// with a sub-task, a defect linked to it and blocking it, a comment, a status change and a work log.
    static func populatePlanning(_ key: String, _ app: Harness) async throws {
        let calls = [
            ("CreateIteration", #""Name":"sprint""#),
            ("CreateIssue", #""Type":"REQUIREMENT","Name":"r","Priority":"1","IterationCode":1"#),
            ("CreateIssue", #""Type":"SUB_TASK","Name":"s","Priority":"1","ParentCode":1"#),
            ("CreateIssue", #""Type":"DEFECT","Name":"d","Priority":"1""#),
            ("CreateIssueBlock", #""IssueCode":1,"BlockIssueCode":3"#),
            ("CreateRequirementDefectRelation", #""RequirementCode":1,"DefectCode":3"#),
            ("CreateIssueComment", #""IssueCode":1,"Content":"c","ParentId":0"#),
            ("ModifyIssue", #""IssueCode":2,"StatusId":2"#),
            ("CreateIssueWorkHours", #""IssueCode":2,"SpendHour":1,"RemainingHour":1,"StartAt":1608630452740"#),
        ]
        for (action, fields) in calls {
            let reply = try await app.call(
                .post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: #"{"ProjectName":"\#(key)",\#(fields)}"#)
            #expect(reply.json["Response"]["Error"]["Code"].string == nil && reply.json["Response"]["RequestId"].string != nil, "\(action): \(reply.text)")
        }
    }
}
