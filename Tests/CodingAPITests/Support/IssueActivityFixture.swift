import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// `PlanningFixture`'s project alpha with what issue activity needs: custom field 1 "parts"
/// (SELECT_MULTI, options a/b/c, for requirements) set to "a" on issue 1; test-case section 1
/// with case 1 linked to issue 1; attachment 1 ("notes.txt", uploaded by admin) attached to issue
/// 1; defect 4 assigned to dev.
enum IssueActivityFixture {
    static let fileBytes = Array("hello attachment\n".utf8)

    static func make(_ h: CodingHarness) async throws -> PlanningFixture {
        let f = try await PlanningFixture.make(h)
        let options = #"[{"Title":"A","Value":"a"},{"Title":"B","Value":"b"},{"Title":"C","Value":"c"}]"#
        try await f.ok("CreateIssueCustomField", #""Name":"parts","ComponentType":"SELECT_MULTI","IssueTypes":["REQUIREMENT"],"Options":\#(options)"#)
        try await f.ok("ModifyIssue", #""IssueCode":1,"CustomFieldValues":[{"Id":1,"Content":"a"}]"#)
        try await f.ok("CreateTestCaseSection", #""Name":"login""#)
        try await f.ok("CreateTestCase", #""SectionId":1,"Title":"sign in","TemplateType":"TEXT","Priority":1,"IssueCodes":[1]"#)
        let file = try await upload(f, name: "notes.txt", bytes: fileBytes, token: h.adminToken)
        #expect(file.answer["Error"].isNull && file.answer["Size"].int == Int64(fileBytes.count), "\(file.answer)")
        try await f.ok("ModifyIssue", #""IssueCode":1,"FileIds":[\#(file.id)]"#)
        let devID = try #require(try await h.store.numericIDs.userIDs(uids: [try await uid(h, "dev")]).values.first)
        try await f.ok("ModifyIssue", #""IssueCode":4,"AssigneeId":\#(devID)"#)
        return f
    }

    static func uid(_ h: CodingHarness, _ account: String) async throws -> String {
        try #require(try await h.store.users.find(account: account)).uid
    }

    /// Reserve an attachment as `token`'s user and `PUT` `bytes` to its pre-signed URL (as `putToken`, default the same).
    static func upload(
        _ f: PlanningFixture, name: String, bytes: [UInt8], token: String, putToken: String?? = nil
    ) async throws -> (id: Int64, url: String, answer: JSONValue) {
        let prepared = try await f.ok("CreateAttachmentPrepareSignUrl", #""FileName":"\#(name)""#, token: token)["Data"]["AttachmentPrepare"]
        let url = try #require(prepared["PrepareSignUrl"].string)
        let answer = try await put(f.h, url: url, bytes: bytes, token: putToken ?? token)
        return (Int64(prepared["AttachmentId"].int ?? 0), url, answer)
    }

    /// `PUT` to a (pre-signed) URL as `token`'s user; the `Response` of the answer.
    static func put(_ h: CodingHarness, url: String, bytes: [UInt8], token: String?) async throws -> JSONValue {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "token \(token)" }
        let reply = try await h.client.execute(uri: try local(url), method: .put, headers: headers, body: .init(bytes: bytes))
        #expect(reply.status == .ok)
        return JSONValue(text: String(buffer: reply.body))["Response"]
    }

    /// `GET` a download URL as `token`'s user: the bytes, or the error code of the CODING envelope.
    static func download(_ h: CodingHarness, url: String, token: String?) async throws -> (bytes: [UInt8], error: String?) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "token \(token)" }
        let reply = try await h.client.execute(uri: try local(url), method: .get, headers: headers, body: nil)
        #expect(reply.status == .ok)
        if reply.headers[.contentDisposition]?.hasPrefix("attachment") == true {
            return (reply.body.getBytes(at: reply.body.readerIndex, length: reply.body.readableBytes) ?? [], nil)
        }
        return ([], JSONValue(text: String(buffer: reply.body))["Response"]["Error"]["Code"].string ?? "no error")
    }

    /// The path and query of an absolute URL the server handed out.
    static func local(_ url: String) throws -> String {
        let parts = try #require(URLComponents(string: url))
        return parts.percentEncodedPath + (parts.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}
