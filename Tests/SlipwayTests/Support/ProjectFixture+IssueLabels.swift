import Foundation
import SlipwayTestSupport
import Testing

extension ProjectFixture {
    /// Issue labels and modules (issue 16): two labels and a module of the project, issue 1
    /// carrying both labels and filed under the module.
    static func populateIssueLabels(_ key: String, codingID: Int, _ app: Harness) async throws {
        func call(_ action: String, _ body: String) async throws -> JSON {
            let reply = try await app.call(.post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: body)
            #expect(reply.json["Response"]["Error"]["Code"].string == nil, "\(action): \(reply.text)")
            return reply.json["Response"]
        }
        var labels: [Int] = []
        for (name, color) in [("bug", "#FF0000"), ("ui", "#00AA00")] {
            let made = try await call("CreateProjectLabel", #"{"ProjectId":\#(codingID),"Name":"\#(name)","Color":"\#(color)"}"#)
            labels.append(made["Label"]["Id"].int ?? 0)
        }
        let module = try await call("CreateIssueModule", #"{"ProjectName":"\#(key)","Name":"core"}"#)["IssueModule"]["Id"].int ?? 0
        _ = try await call(
            "ModifyIssue", #"{"ProjectName":"\#(key)","IssueCode":1,"LabelIds":\#(labels),"ProjectModuleId":\#(module)}"#)
    }
}
