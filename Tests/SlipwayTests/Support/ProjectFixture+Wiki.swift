import Foundation
import HTTPTypes
import SlipwayTestSupport
import Testing

extension ProjectFixture {
    /// The project's wiki repository.
    func wikiDirectory(_ app: Harness) -> String {
        app.scratch.deletingLastPathComponent().appendingPathComponent("wiki/\(codingID).git").path
    }

    /// The wiki (issue 16): two pages (each with a version), an upload ticket never used, and a
    /// finished ZIP import job.
    static func populateWiki(_ key: String, _ app: Harness) async throws {
        func call(_ action: String, _ fields: String) async throws -> JSON {
            let reply = try await app.call(
                .post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: #"{"ProjectName":"\#(key)",\#(fields)}"#)
            #expect(reply.json["Response"]["Error"]["Code"].string == nil, "\(action): \(reply.text)")
            return reply.json["Response"]
        }
        _ = try await call("CreateWiki", #""Title":"Home","Content":"home","ParentIid":0"#)
        _ = try await call("CreateWiki", #""Title":"Child","Content":"child","ParentIid":1"#)
        _ = try await call("CreateUploadToken", #""FileName":"unused.zip""#)
        let token = try await call("CreateUploadToken", #""FileName":"w.zip""#)["Token"]
        var zip = ZipBytes()
        zip.add("imported.md", "imported")
        var headers = HTTPFields()
        headers[.authorization] = "token \(app.adminToken)"
        headers[HTTPField.Name("X-Upload-Token")!] = token["AuthToken"].string ?? ""
        let path = URLComponents(string: token["UploadLink"].string ?? "")?.path ?? ""
        let uploaded = try await app.client.execute(uri: path, method: .put, headers: headers, body: .init(bytes: zip.bytes))
        #expect(uploaded.status == .ok)
        let fields = """
            "Key":"\(token["UpToken"].string ?? "")","Time":\(token["Time"].int ?? 0),"AuthToken":"\(token["AuthToken"].string ?? "")",\
            "FileName":"w.zip","ParentIid":0
            """
        let job = try await call("CreateWikiByZip", fields)["JobId"].string ?? ""
        for _ in 0..<200 {
            let status = try await call("DescribeImportJobStatus", #""JobId":"\#(job)""#)["Data"]["Status"].string
            if status == "SUCCEEDED" || status == "FAILED" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
