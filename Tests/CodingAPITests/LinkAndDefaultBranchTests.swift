import CodingAPI
import Foundation
import HTTPTypes
import SlipwayCore
import Testing

@Suite("CODING links that answer, and the first pushed branch as default")
struct LinkAndDefaultBranchTests {
    /// An empty depot (HEAD → `master`) whose first push is `main` adopts `main`, so a clone
    /// checks it out; later pushes of other branches leave the default alone.
    @Test(arguments: CodingStoreKind.enabled)
    func theFirstPushedBranchBecomesTheDefault(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let project = try await h.makeProject("alpha")
                let depotID = try await h.makeDepot(project, "app")
                let depot = #"{"DepotId":\#(depotID)}"#
                #expect(try await h.action("DescribeDepotDefaultBranch", depot).response["BranchName"].string == "master")
                let src = scratch + "/src"
                try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
                try await runGit(["init", "-q", "-b", "main"], in: src)
                try "hello\n".write(toFile: src + "/README.md", atomically: true, encoding: .utf8)
                try await runGit(["add", "README.md"], in: src)
                try await runGit(["commit", "-q", "-m", "first"], in: src)
                try await runGit(["push", "-q", h.cloneURL("alpha", "app", token: h.adminToken), "main"], in: src)
                #expect(try await h.action("DescribeDepotDefaultBranch", depot).response["BranchName"].string == "main")
                try await runGit(["clone", "-q", h.cloneURL("alpha", "app", token: h.adminToken), "clone"], in: scratch)
                #expect(try String(contentsOfFile: scratch + "/clone/README.md", encoding: .utf8) == "hello\n")
                let checkedOut = try await runGit(["symbolic-ref", "--short", "HEAD"], in: scratch + "/clone").stdout
                #expect(checkedOut == "main\n")
                try await runGit(["push", "-q", h.cloneURL("alpha", "app", token: h.adminToken), "main:master"], in: src)
                #expect(try await h.action("DescribeDepotDefaultBranch", depot).response["BranchName"].string == "main")

                // The same holds for the first API commit into an empty depot.
                let other = try await h.makeDepot(project, "api")
                let made = try await h.action(
                    "CreateGitFiles",
                    """
                    {"DepotId":\(other),"Ref":"trunk","Message":"m","GitFiles":[{"Path":"a.txt","Content":"a"}]}
                    """
                ).response
                #expect(made["Error"].isNull, "\(made)")
                #expect(try await h.action("DescribeDepotDefaultBranch", #"{"DepotId":\#(other)}"#).response["BranchName"].string == "trunk")
            }
        }
    }

    /// Every URL the depot, merge request and release answers carry responds (no 404), as
    /// fetched by a real client (curl, with the `Host` it sends); no SSH address is advertised.
    @Test(arguments: CodingStoreKind.enabled)
    func everyReturnedURLAnswers(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "a\n", "add a")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let id = #""DepotId":\#(w.depotID)"#
                let mr = try await h.curlAction(
                    "CreateGitMergeReq", #"{\#(id),"Title":"t","Content":"c","SrcBranch":"feature","DestBranch":"master"}"#)
                _ = try await h.curlAction("CreateGitRelease", #"{\#(id),"TagName":"v1","Title":"One","Description":"d","CommitSha":"master"}"#)
                let depot = try await h.curlAction("DescribeGitDepot", "{\(id)}")["Depot"]
                let listed = try await h.curlAction("DescribeProjectDepotInfoList", #"{"ProjectId":\#(w.projectID)}"#)
                let mine = try await h.curlAction("DescribeMyDepots", #"{"PageNumber":1,"PageSize":10}"#)
                let release = try await h.curlAction("DescribeGitReleases", "{\(id)}")
                #expect(depot["SshUrl"].string == "", "\(depot)")
                #expect(listed["DepotData"]["Depots"][0]["SshUrl"].string == "")

                var urls = try Self.urls(in: mr) + Self.urls(in: depot) + Self.urls(in: listed) + Self.urls(in: mine)
                urls += try Self.urls(in: release)
                #expect(Set(urls).count >= 2 && urls.count >= 5, "\(urls)")
                let base = try #require(h.baseURL)
                for url in Set(urls) {
                    #expect(url.hasPrefix(base + "/"), "\(url)")
                    let reply = try await Self.fetch(url, token: h.adminToken)
                    #expect(reply.status != 404, "\(url) → \(reply.status)")
                    if reply.status == 302 {
                        let followed = try await Self.fetch(base + (reply.location ?? ""), token: h.adminToken)
                        #expect(followed.status == 200, "\(url) → \(reply.location ?? "") → \(followed.status)")
                        #expect(followed.json["Response"]["Depot"]["Id"].int == w.depotID, "\(followed.body)")
                    } else {
                        #expect(reply.status == 200, "\(url) → \(reply.status)")
                        #expect(reply.json["Response"]["Error"].isNull, "\(url) → \(reply.body)")
                    }
                }
                let mrURL = try #require(mr["MergeInfo"]["MergeRequestUrl"].string)
                let viaLink = try await Self.fetch(mrURL, token: h.adminToken)
                #expect(viaLink.json["Response"]["MergeRequestInfo"]["SourceBranch"].string == "feature", "\(viaLink.body)")
                // The clone URL is what git uses.
                let remote = try #require(depot["HttpsUrl"].string).replacingOccurrences(of: "http://", with: "http://git:\(h.adminToken)@")
                #expect(try await runGit(["ls-remote", remote, "refs/heads/feature"], in: scratch).stdout.contains("refs/heads/feature"))
                // Links are read-only: an action that changes something is POST-only.
                let write = try await Self.fetch(base + "/open-api?Action=DeleteGitDepot&DepotId=\(w.depotID)", token: h.adminToken)
                #expect(write.json["Response"]["Error"]["Code"].string == "UnsupportedOperation", "\(write.body)")
                #expect(try await w.action("DescribeGitDepot", "")["Depot"]["Id"].int == w.depotID)
            }
        }
    }

    /// `GET url` with curl (no redirects followed): status, `Location` and body.
    static func fetch(_ url: String, token: String) async throws -> (status: Int, location: String?, body: String, json: JSONValue) {
        let run = try await runProcess(["curl", "-sS", "-i", "-H", "Authorization: token \(token)", url], in: "/")
        let parts = run.stdout.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let location = head.first { $0.lowercased().hasPrefix("location:") }.map {
            String($0.dropFirst("location:".count)).trimmingCharacters(in: .whitespaces)
        }
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        return (status, location, body, JSONValue(text: body))
    }

    /// Every string that looks like an http(s) URL anywhere in `value`.
    static func urls(in value: JSONValue) throws -> [String] {
        switch value {
        case .string(let s): return s.hasPrefix("http://") || s.hasPrefix("https://") ? [s] : []
        case .array(let items): return try items.flatMap { try urls(in: $0) }
        case .object(let object): return try object.values.flatMap { try urls(in: $0) }
        default: return []
        }
    }

    @Test func linksFollowTheConfiguredExternalURL() async throws {
        let configuration = CodingConfiguration(externalURL: "https://git.example.com/")
        try await withCoding(.sqlite, configuration: configuration) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "app")
            let depot = try await h.action("DescribeGitDepot", #"{"DepotId":\#(depotID)}"#).response["Depot"]
            #expect(depot["HttpsUrl"].string == "https://git.example.com/slipway/alpha/app.git", "\(depot)")
            #expect(depot["WebUrl"].string == "https://git.example.com/slipway/alpha/app.git")
        }
    }
}
