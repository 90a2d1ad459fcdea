import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Project `wk` with a wiki, and its people: `dev` (developer), `reader` (read-only member),
/// `stranger` (no member), and a token of admin's lacking the `project:wiki` scope.
///
/// Pages: 1 "Home" (top level), 2 "Guide" under 1, 3 "Notes" (top level).
struct WikiFixture: ProjectActionCalls {
    static let projectName = "wk"

    let h: CodingHarness
    let dev: String
    let reader: String
    let stranger: String
    let narrow: String

    static func make(_ h: CodingHarness) async throws -> WikiFixture {
        let project = try await h.makeProject("wk")
        let (_, dev) = try await h.makeUser("dev")
        let joined = try await h.action("CreateProjectMember", #"{"ProjectId":\#(project),"Type":80,"UserGlobalKeyList":["dev"]}"#)
        #expect(joined.response["Error"].isNull, "\(joined.text)")
        let (readerUser, reader) = try await h.makeUser("reader")
        try await h.store.roles.addBindings(namespace: "wk", role: "read-only", subjects: [.user(uid: readerUser.uid)])
        let (_, stranger) = try await h.makeUser("stranger")
        let admin = try #require(try await h.store.users.find(account: "admin"))
        let narrow = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth", scopes: ["project"]).secret
        let f = WikiFixture(h: h, dev: dev, reader: reader, stranger: stranger, narrow: narrow)
        try await f.ok("CreateWiki", ##""Title":"Home","Content":"# Home\n","ParentIid":0,"Msg":"start""##, token: dev)
        try await f.ok("CreateWiki", #""Title":"Guide","Content":"guide v1","ParentIid":1"#)
        try await f.ok("CreateWiki", #""Title":"Notes","Content":"","ParentIid":0"#)
        return f
    }

    /// The wiki tree's iids, depth first, as `iid(children…)`.
    func outline(token: String? = nil) async throws -> String {
        func render(_ nodes: [JSONValue]) -> String {
            nodes.map { node in
                let children = node["Children"].array
                return "\(node["Iid"].int ?? -1)" + (children.isEmpty ? "" : "(" + render(children) + ")")
            }.joined(separator: " ")
        }
        return render(try await ok("DescribeWikiList", token: token)["Data"].array)
    }

    /// Gets an upload token for `fileName`, uploads `bytes` with it and returns the fields that
    /// CreateWikiByZip / ModifyWikiByZip take (`Key`, `Time`, `AuthToken`, `FileName`).
    func upload(_ bytes: [UInt8], fileName: String = "wiki.zip", token: String? = nil) async throws -> String {
        let ticket = try await ok("CreateUploadToken", #""FileName":"\#(fileName)""#, token: token)["Token"]
        let key = try #require(ticket["UpToken"].string), secret = try #require(ticket["AuthToken"].string)
        let link = try #require(ticket["UploadLink"].string)
        let path = try #require(URLComponents(string: link)?.path)
        var headers = HTTPFields()
        headers[.authorization] = "token \(token ?? h.adminToken)"
        headers[HTTPField.Name("X-Upload-Token")!] = secret
        let reply = try await h.client.execute(uri: path, method: .put, headers: headers, body: .init(bytes: bytes))
        let answer = JSONValue(text: String(buffer: reply.body))["Response"]
        #expect(answer["Size"].int == Int64(bytes.count), "upload: \(answer)")
        return #""Key":"\#(key)","Time":\#(ticket["Time"].int ?? 0),"AuthToken":"\#(secret)","FileName":"\#(fileName)""#
    }

    /// Polls a ZIP job until it ends; its final status.
    func finish(_ jobID: String, update: Bool = false) async throws -> String {
        let action = update ? "DescribeUpdateJobStatus" : "DescribeImportJobStatus"
        for _ in 0..<300 {
            let status = try await ok(action, #""JobId":"\#(jobID)""#)["Data"]["Status"].string ?? ""
            if status == "SUCCEEDED" || status == "FAILED" { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        return "TIMEOUT"
    }

    /// How many commits the wiki repository holds.
    func commitCount() async throws -> Int {
        let id = try #require(try await h.store.numericIDs.projectIDs(keys: ["wk"])["wk"])
        let dir = h.context.dataDirectory + "/wiki/\(id).git"
        let run = try await runGit(["--git-dir", dir, "rev-list", "--count", "main"], in: "/")
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
