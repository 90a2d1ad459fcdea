import Foundation
import Testing

extension ProjectFixture {
    /// Agile releases, programs and templates (issue 16): a release spanning iteration 1, the
    /// project in a program of its own whose work item is split into issue 1, and the project's
    /// collaboration template.
    static func populateAgile(_ key: String, codingID: Int, _ app: Harness) async throws {
        func call(_ action: String, _ body: String) async throws -> JSON {
            let reply = try await app.call(.post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: body)
            #expect(reply.json["Response"]["Error"]["Code"].string == nil && reply.json["Response"]["RequestId"].string != nil, "\(action): \(reply.text)")
            return reply.json["Response"]
        }
        _ = try await call("CreateRelease", #"{"ProjectName":"\#(key)","Name":"v1","IterationCodes":[1]}"#)
        let program = try await call(
            "CreateProgram", #"{"Name":"set-\#(key)","DisplayName":"set","StartDate":"2026-01-01","EndDate":"2026-12-31","Description":""}"#)
        let programID = program["Data"]["Id"].int ?? 0
        _ = try await call("CreateProgramProjects", #"{"ProgramId":\#(programID),"ProjectId":[\#(codingID)]}"#)
        _ = try await call("CreateProgramWorkItem", #"{"ProgramName":"set-\#(key)","Name":"w"}"#)
        _ = try await call(
            "ModifyWorkItemSplitIssues", #"{"ProgramName":"set-\#(key)","WorkItemCode":1,"ProjectName":"\#(key)","IssueCode":1,"Split":true}"#)
        _ = try await call("InitProjectTemplate", #"{"ProjectName":"\#(key)","TemplateType":"SCRUM"}"#)
    }
}
