import Foundation
import SlipwayCore
import Testing

/// `PlanningFixture`'s project alpha with releases, a program and a work item: release 1 spans
/// iteration 1 (issue 1), release 2 spans none; program `suite` (admin's) holds alpha and work
/// item 1, split into issue 1. `issueOnly` is a token of admin's with only `project:issue`;
/// `strangerID` is the numeric id of `PlanningFixture`'s stranger (a member of nothing).
struct AgileFixture: ProjectActionCalls {
    static let projectName = "alpha"

    let planning: PlanningFixture
    let programID: Int64
    let projectID: Int64
    let issueOnly: String
    let strangerID: Int64
    var h: CodingHarness { planning.h }

    static func make(_ h: CodingHarness) async throws -> AgileFixture {
        let planning = try await PlanningFixture.make(h)
        let admin = try #require(try await h.store.users.find(account: "admin"))
        let issueOnly = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth-issue", scopes: ["project:issue"]).secret
        let projectID = try #require(try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"])
        try await planning.ok("CreateRelease", #""Name":"v1","StartDate":"2026-01-01","ReleaseDate":"2026-02-01","IterationCodes":[1]"#)
        try await planning.ok("CreateRelease", #""Name":"v2""#)
        let program = try await planning.ok(
            "CreateProgram", #"{"Name":"suite","DisplayName":"Suite","StartDate":"2026-01-01","EndDate":"2026-12-31","Description":"all"}"#)
        let programID = Int64(try #require(program["Data"]["Id"].int))
        try await planning.ok("CreateProgramProjects", #"{"ProgramId":\#(programID),"ProjectId":[\#(projectID)]}"#)
        try await planning.ok("CreateProgramWorkItem", #"{"ProgramName":"suite","Name":"single sign-on","Priority":"2"}"#)
        try await planning.ok(
            "ModifyWorkItemSplitIssues", #"{"ProgramName":"suite","WorkItemCode":1,"ProjectName":"alpha","IssueCode":1,"Split":true}"#)
        let stranger = try #require(try await h.store.users.find(account: "stranger"))
        let strangerID = try #require(try await h.store.numericIDs.userIDs(uids: [stranger.uid])[stranger.uid])
        return AgileFixture(planning: planning, programID: programID, projectID: projectID, issueOnly: issueOnly, strangerID: strangerID)
    }
}
