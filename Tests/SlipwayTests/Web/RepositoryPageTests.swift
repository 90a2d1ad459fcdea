import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// A project `demo` with a depot `code`, written through the CODING API as the admin.
struct RepoFixture: Sendable {
    static let script = "<script>alert(1)</script>"
    static let escapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;"
    static let hostileFile = "<img src=x onerror=alert(1)>.txt"
    static let escapedHostileFile = "&lt;img src=x onerror=alert(1)&gt;.txt"
    static let hostileBranch = "evil<script>alert(1)</script>"

    let app: Harness
    let depotID: Int64

    /// The project (when missing) and the empty depot.
    static func make(_ app: Harness, project: String = "demo", depot: String = "code") async throws -> RepoFixture {
        if try await app.store.projects.get(key: project) == nil { try await app.makeProject(project) }
        let described = try await app.coding("DescribeProjectByName", #"{"ProjectName":"\#(project)"}"#)
        let projectID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
        let created = try await app.coding("CreateGitDepot", #"{"ProjectId":\#(projectID),"DepotName":"\#(depot)"}"#)
        return RepoFixture(app: app, depotID: Int64(try #require(created.json["Response"]["DepotId"].int, "\(created.text)")))
    }

    /// One commit of `files` on `ref` (or on a new branch `newRef` started from `ref`).
    @discardableResult
    func commit(_ message: String, ref: String = "master", newRef: String = "", files: [(String, String)], as token: String? = nil) async throws -> String {
        let list = files.map { #"{"Path":\#(Harness.jsonString($0.0)),"Content":\#(Harness.jsonString($0.1))}"# }.joined(separator: ",")
        let reply = try await app.coding(
            "CreateGitFiles",
            #"{"DepotId":\#(depotID),"Ref":\#(Harness.jsonString(ref)),"NewRef":\#(Harness.jsonString(newRef)),"Message":\#(Harness.jsonString(message)),"GitFiles":[\#(list)]}"#,
            token: token)
        return try #require(reply.json["Response"]["GitCommit"]["Sha"].string, "\(reply.text)")
    }

    /// The usual content: a README, a source file, a hostile file, a tag and a hostile branch.
    static func populated(_ app: Harness) async throws -> RepoFixture {
        let repo = try await make(app)
        try await repo.commit("first", files: [("README.md", "hello readme\n"), ("src/main.swift", "print(\"hi\")\n")])
        try await repo.commit(script, files: [(hostileFile, script + "\n"), ("src/<b>dir.txt", "inner\n")])
        let tag = try await app.coding("CreateGitTag", #"{"DepotId":\#(repo.depotID),"TagName":"v1.0","StartPoint":"master","Message":"release <i>one</i>"}"#)
        #expect(tag.status == .ok && !tag.json["Response"]["Error"].exists, "\(tag.text)")
        try await repo.commit("on the branch", ref: "master", newRef: hostileBranch, files: [("branch.txt", "branch content " + script)])
        return repo
    }
}

extension Harness {
    /// A CODING Open API action, as the admin unless `token` says otherwise.
    func coding(_ action: String, _ body: String, token: String? = nil) async throws -> Reply {
        try await call(.post, "/open-api?Action=\(action)", auth: .codingToken(token ?? adminToken), body: body)
    }
}

/// Issue 14's repository pages: tree, file, raw file, commits, a commit's diff, branches and
/// tags, the clone URL; who may see them; hostile names and content escaped.
@Suite struct RepositoryPageTests {
    static let base = "/ui/projects/demo/repos/code"

    @Test(arguments: StoreKind.enabled)
    func treeFileCommitBranchesAndTagsShowTheRepositoryEscaped(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await RepoFixture.populated(app)
            var browser = try await app.adminBrowser()

            let home = try await browser.get(Self.base)
            #expect(home.status == .ok, "\(home.text)")
            #expect(home.text.contains(#"value="http://localhost/slipway/demo/code.git""#) || home.text.contains("/slipway/demo/code.git\""))
            #expect(home.text.contains(#"href="/ui/projects/demo/repos/code/blob/master/README.md">README.md</a>"#))
            #expect(home.text.contains(#"href="/ui/projects/demo/repos/code/tree/master/src">src/</a>"#))
            #expect(home.text.contains(RepoFixture.escapedHostileFile))
            #expect(!home.text.contains("<img src=x"))

            let file = try await browser.get(Self.base + "/blob/master/" + WebBrowser.encode(RepoFixture.hostileFile))
            #expect(file.status == .ok, "\(file.text)")
            #expect(file.text.contains("<pre class=\"file\"><code>\(RepoFixture.escapedScript)\n</code></pre>"))
            #expect(!file.text.contains(RepoFixture.script))

            let dir = try await browser.get(Self.base + "/tree/master/src")
            #expect(dir.text.contains("main.swift") && dir.text.contains("&lt;b&gt;dir.txt"), "\(dir.text)")
            #expect(!dir.text.contains("<b>dir"))

            let raw = try await browser.get(Self.base + "/raw/master/" + WebBrowser.encode(RepoFixture.hostileFile))
            #expect(raw.status == .ok)
            #expect(raw.text == RepoFixture.script + "\n")
            #expect(raw.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(raw.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")

            let commits = try await browser.get(Self.base + "/commits/master")
            #expect(commits.status == .ok)
            #expect(commits.text.contains(RepoFixture.escapedScript) && commits.text.contains("first"))
            #expect(!commits.text.contains(RepoFixture.script))
            let sha = try #require(commits.text.firstMatch(of: /commit\/([0-9a-f]{40})/).map { String($0.1) })
            let commit = try await browser.get(Self.base + "/commit/\(sha)")
            #expect(commit.status == .ok)
            #expect(commit.text.contains("<pre class=\"message\">\(RepoFixture.escapedScript)"), "the newest commit is the hostile one")
            #expect(commit.text.contains("<span class=\"add\">+\(RepoFixture.escapedScript)</span>"), "\(commit.text)")
            #expect(commit.text.contains("2 files changed, 2 additions, 0 deletions"))
            #expect(!commit.text.contains(RepoFixture.script))

            let branches = try await browser.get(Self.base + "/branches")
            let encoded = WebBrowser.encode(RepoFixture.hostileBranch)
            #expect(branches.text.contains("evil&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(branches.text.contains(#"href="/ui/projects/demo/repos/code/tree/\#(encoded)""#), "a ref is one encoded segment")
            #expect(!branches.text.contains(RepoFixture.script))
            let tags = try await browser.get(Self.base + "/tags")
            #expect(tags.text.contains(">v1.0</a>") && tags.text.contains("release &lt;i&gt;one&lt;/i&gt;"))

            // A ref with `/`: one encoded segment, typed with its slashes, or as ?ref=.
            for path in [
                Self.base + "/blob/\(encoded)/branch.txt",
                Self.base + "/blob/evil%3Cscript%3Ealert(1)%3C/script%3E/branch.txt",
                Self.base + "/blob/branch.txt?ref=\(encoded)",
            ] {
                let onBranch = try await browser.get(path)
                #expect(onBranch.status == .ok, "\(path): \(onBranch.text)")
                #expect(onBranch.text.contains("branch content \(RepoFixture.escapedScript)"), "\(path)")
            }
            let branchLog = try await browser.get(Self.base + "/commits/\(encoded)")
            #expect(branchLog.text.contains("on the branch"))
            #expect(try await browser.get(Self.base + "/blob/master/nothing.txt").status == .notFound)
            #expect(try await browser.get(Self.base + "/commits/no-such-branch").status == .notFound)
            #expect(try await browser.get(Self.base + "/commit/--output=x").status != .ok)
        }
    }

    @Test func largeBinaryAndEmptyRepositoriesShowANotice() async throws {
        try await withApp(.sqlite) { app in
            let repo = try await RepoFixture.make(app)
            var browser = try await app.adminBrowser()
            let empty = try await browser.get(Self.base)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("This repository is empty."))

            let big = String(repeating: "0123456789abcde\n", count: 70_000)
            try await repo.commit("big", files: [("big.txt", big)])
            let binaryFile = try await app.coding(
                "CreateBinaryFiles",
                #"{"DepotId":\#(repo.depotID),"SrcRef":"master","Message":"binary","GitFiles":[{"Path":"blob.bin","Content":"\#(Data([0x61, 0, 0x62]).base64EncodedString())"}]}"#
            )
            #expect(!binaryFile.json["Response"]["Error"].exists, "\(binaryFile.text)")
            let large = try await browser.get(Self.base + "/blob/master/big.txt")
            #expect(large.status == .ok)
            #expect(large.text.contains("This file is too large to show here (1 MiB)"), "\(large.text.prefix(3000))")
            #expect(!large.text.contains("0123456789abcde"))
            #expect(large.text.contains(#"href="/ui/projects/demo/repos/code/raw/master/big.txt""#))
            #expect(try await browser.get(Self.base + "/raw/master/big.txt").text.count == big.count)
            let binary = try await browser.get(Self.base + "/blob/master/blob.bin")
            #expect(binary.text.contains("This file is binary"))
            let diff = try await browser.get(Self.base + "/commit/master~1")
            #expect(diff.text.contains("This diff is too large to show here."), "\(diff.text.prefix(3000))")
            #expect(!diff.text.contains(String(repeating: "0123456789abcde\n", count: 100)))
            #expect(try await browser.get(Self.base + "/commit/master").text.contains("Binary file, not shown."))
        }
    }

    @Test func commitsArePaged() async throws {
        try await withApp(.sqlite) { app in
            let repo = try await RepoFixture.make(app)
            for n in 1...31 { try await repo.commit("change \(n)", files: [("f\(n).txt", "\(n)")]) }
            var browser = try await app.adminBrowser()
            let first = try await browser.get(Self.base + "/commits/master")
            #expect(first.text.contains(">change 31<") && first.text.contains(">change 2<") && !first.text.contains(">change 1<"))
            #expect(first.text.contains(#"rel="next" href="/ui/projects/demo/repos/code/commits/master?page=2""#))
            let second = try await browser.get(Self.base + "/commits/master?page=2")
            #expect(second.text.contains(">change 1<") && !second.text.contains(">change 2<"))
            #expect(second.text.contains(#"rel="prev""#) && !second.text.contains(#"rel="next""#))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func signedOutGoesToSignInAndANonMemberSeesTheNotFoundPage(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await RepoFixture.populated(app)
            try await app.makeWebUser("stranger")
            _ = try await app.makeMember("reader", project: "demo")
            let reader = try #require(try await app.store.users.find(account: "reader"))
            try await app.store.passwords.set(userUID: reader.uid, hash: PasswordHasher.hash("correct horse"))
            let paths = [
                "", "/tree/master/src", "/blob/master/README.md", "/raw/master/README.md", "/commits/master", "/branches", "/tags",
                "/merge-requests",
            ].map { Self.base + $0 }
            var signedOut = WebBrowser(app)
            var stranger = WebBrowser(app)
            try await stranger.signIn("stranger", "correct horse")
            var member = WebBrowser(app)
            try await member.signIn("reader", "correct horse")
            for path in paths {
                let out = try await signedOut.get(path)
                #expect(out.status == .seeOther, "\(path)")
                #expect(out.headers[.location] == "/ui/sign-in?next=\(WebBrowser.encode(path))", "\(path)")
                let hidden = try await stranger.get(path)
                #expect(hidden.status == .notFound, "\(path)")
                #expect(!hidden.text.contains("hello readme") && !hidden.text.contains("README.md"), "\(path)")
                #expect(try await member.get(path).status == .ok, "a read-only member reads \(path)")
            }
            #expect(try await stranger.get("/ui/projects/demo/repos/nothing").status == .notFound)
        }
    }
}
