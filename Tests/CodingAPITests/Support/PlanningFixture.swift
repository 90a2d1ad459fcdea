import Foundation
import SlipwayCore
import Testing

/// Project `alpha` with planning data, and its people: `dev` (developer), `reader` (read-only
/// member), `stranger` (no member), and a token of admin's lacking the `project:issue` scope.
///
/// Issues: 1 requirement (in iteration 1), 2 and 3 its sub-tasks, 4 a defect, 5 a mission.
/// Iterations 1 and 2. Comment 1 on issue 1 (by admin), work log 1 on issue 2.
struct PlanningFixture: ProjectActionCalls {
    static let projectName = "alpha"

    let h: CodingHarness
    let dev: String
    let reader: String
    let stranger: String
    let narrow: String

    static func make(_ h: CodingHarness) async throws -> PlanningFixture {
        let project = try await h.makeProject("alpha")
        let (_, dev) = try await h.makeUser("dev")
        let joined = try await h.action("CreateProjectMember", #"{"ProjectId":\#(project),"Type":80,"UserGlobalKeyList":["dev"]}"#)
        #expect(joined.response["Error"].isNull, "\(joined.text)")
        let (readerUser, reader) = try await h.makeUser("reader")
        try await h.store.roles.addBindings(namespace: "alpha", role: "read-only", subjects: [.user(uid: readerUser.uid)])
        let (_, stranger) = try await h.makeUser("stranger")
        let admin = try #require(try await h.store.users.find(account: "admin"))
        let narrow = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth", scopes: ["project"]).secret
        let f = PlanningFixture(h: h, dev: dev, reader: reader, stranger: stranger, narrow: narrow)
        try await f.ok("CreateIteration", #""Name":"sprint 1""#)
        try await f.ok("CreateIteration", #""Name":"sprint 2""#)
        try await f.ok("CreateIssue", #""Type":"REQUIREMENT","Name":"login","Priority":"2","IterationCode":1"#)
        try await f.ok("CreateIssue", #""Type":"SUB_TASK","Name":"form","Priority":"1","ParentCode":1"#)
        try await f.ok("CreateIssue", #""Type":"SUB_TASK","Name":"api","Priority":"1","ParentCode":1"#)
        try await f.ok("CreateIssue", #""Type":"DEFECT","Name":"crash","Priority":"3""#)
        try await f.ok("CreateIssue", #""Type":"MISSION","Name":"docs","Priority":"0""#)
        try await f.ok("CreateIssueComment", #""IssueCode":1,"Content":"first","ParentId":0"#, token: dev)
        try await f.ok("CreateIssueWorkHours", #""IssueCode":2,"SpendHour":1,"RemainingHour":3,"StartAt":1608630452740"#)
        return f
    }
}

extension PlanningFixture {
    static func number(_ value: JSONValue) -> Double? {
        if case .number(let n) = value { return n }
        return nil
    }
}
