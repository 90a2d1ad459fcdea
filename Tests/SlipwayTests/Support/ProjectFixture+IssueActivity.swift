import Foundation
import HTTPTypes
import SlipwayTestSupport
import Testing

extension ProjectFixture {
    /// Issue activity (issue 16): a custom field with a value on issue 1 (its change logged), an
    /// attachment uploaded through its pre-signed URL and attached to issue 1 with a download link
    /// handed out, and a test case linked to issue 1.
    static func populateIssueActivity(_ key: String, _ app: Harness) async throws {
        func call(_ action: String, _ fields: String) async throws -> JSON {
            let reply = try await app.call(
                .post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: #"{"ProjectName":"\#(key)",\#(fields)}"#)
            #expect(reply.json["Response"]["Error"]["Code"].string == nil, "\(action): \(reply.text)")
            return reply.json["Response"]
        }
        let field = try await call("CreateIssueCustomField", #""Name":"f","ComponentType":"TEXT_SINGLE_LINE","IssueTypes":["REQUIREMENT"]"#)
        _ = try await call("ModifyIssue", #""IssueCode":1,"CustomFieldValues":[{"Id":\#(field["IssueField"]["Id"].int ?? 0),"Content":"v"}]"#)
        let prepared = try await call("CreateAttachmentPrepareSignUrl", #""FileName":"a.txt""#)["Data"]["AttachmentPrepare"]
        let url = try #require(URLComponents(string: prepared["PrepareSignUrl"].string ?? ""))
        var headers = HTTPFields()
        headers[.authorization] = "token \(app.adminToken)"
        let uri = url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? "")
        let uploaded = try await app.client.execute(uri: uri, method: .put, headers: headers, body: .init(bytes: Array("attached".utf8)))
        #expect(uploaded.status == .ok)
        _ = try await call("ModifyIssue", #""IssueCode":1,"FileIds":[\#(prepared["AttachmentId"].int ?? 0)]"#)
        _ = try await call("DescribeIssueFileUrl", #""FileId":\#(prepared["AttachmentId"].int ?? 0)"#)
        let section = try await call("CreateTestCaseSection", #""Name":"linked""#)["Data"]["Section"]["Id"].int ?? 0
        _ = try await call("CreateTestCase", #""SectionId":\#(section),"Title":"c","TemplateType":"TEXT","IssueCodes":[1]"#)
    }
}
