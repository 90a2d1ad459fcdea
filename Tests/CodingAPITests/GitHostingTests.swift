import Foundation
import HTTPTypes
import SlipwayCore
import Testing

@Suite("CODING git hosting over real git")
struct GitHostingTests {
    @Test(arguments: CodingStoreKind.enabled)
    func cloneEmptyDepotPushAndSeeCommits(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "app")
            // Over a real client, so the URL is built from the Host header it sends.
            let depot = try await h.curlAction("DescribeGitDepot", #"{"DepotId":\#(depotID)}"#)["Depot"]
            let httpsURL = try #require(depot["HttpsUrl"].string)
            #expect(httpsURL == "\(h.baseURL!)/slipway/alpha/app.git")
            #expect(depot["ProjectId"].int == project)
            #expect(depot["ProjectName"].string == "alpha")
            #expect(depot["VcsType"].string == "git")
            #expect(depot["LastPushAt"].int == 0)
            let listed = try await h.curlAction("DescribeProjectDepotInfoList", #"{"ProjectId":\#(project)}"#)
            #expect(listed["DepotData"]["Depots"][0]["Id"].int == depotID)
            #expect(listed["DepotData"]["Depots"][0]["HttpsUrl"].string == httpsURL)

            try await withScratch { dir in
                // The reported URL is the one that works, with a token as Basic password.
                let authed = httpsURL.replacingOccurrences(of: "http://", with: "http://git:\(h.adminToken)@")
                try await runGit(["clone", authed, "work"], in: dir)
                let work = dir + "/work"
                try "hello\n".write(toFile: work + "/README.md", atomically: true, encoding: .utf8)
                try await runGit(["add", "README.md"], in: work)
                try await runGit(["commit", "-q", "-m", "first commit", "-m", "with a body"], in: work)
                try "more\n".write(toFile: work + "/b.txt", atomically: true, encoding: .utf8)
                try await runGit(["add", "b.txt"], in: work)
                try await runGit(["commit", "-q", "-m", "second"], in: work)
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: work)
                let head = try await runGit(["rev-parse", "HEAD"], in: work).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                let first = try await runGit(["rev-parse", "HEAD~1"], in: work).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                let time = try await runGit(["log", "-1", "--format=%ct", "HEAD"], in: work).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

                let commits = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"master","PageNumber":1,"PageSize":10}"#)
                let list = commits.response["Commits"].array
                #expect(list.count == 2, "\(commits.text)")
                #expect(list[0]["Sha"].string == head)
                #expect(list[0]["ShortMessage"].string == "second")
                #expect(list[0]["Commiter"]["Name"].string == "Ada Pusher")
                #expect(list[0]["Author"]["Email"].string == "ada@example.com")
                #expect(list[0]["CommitDate"].int == (Int64(time) ?? 0) * 1000)
                #expect(list[1]["Sha"].string == first)
                #expect(list[1]["FullMessage"].string == "first commit\n\nwith a body")
                let paged = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"master","PageNumber":2,"PageSize":1}"#)
                #expect(paged.response["Commits"].array.map { $0["Sha"].string } == [first])

                let branch = try await h.action("DescribeGitBranch", #"{"DepotId":\#(depotID),"BranchName":"master"}"#)
                #expect(branch.response["GitBranch"]["Sha"].string == head)
                #expect(branch.response["GitBranch"]["IsDefaultBranch"].bool == true)
                let one = try await h.action("DescribeGitCommit", #"{"DepotId":\#(depotID),"Sha":"\#(first)"}"#)
                #expect(one.response["GitCommit"]["ShortMessage"].string == "first commit")

                let after = try await h.action("DescribeGitDepot", #"{"DepotId":\#(depotID)}"#).response["Depot"]
                #expect((after["LastPushAt"].int ?? 0) > 0)

                // The push policy keeps the default branch, as DeleteGitBranch does.
                let deleteDefault = try await runGit(["push", "origin", ":master"], in: work, check: false)
                #expect(deleteDefault.status != 0)
                #expect(deleteDefault.stderr.contains("cannot be deleted"))
                try await runGit(["push", "-q", "origin", "HEAD:topic"], in: work)
                try await runGit(["push", "-q", "origin", ":topic"], in: work)

                let pushes = await h.pushes.pushes.filter { $0.event.ref == "refs/heads/master" }
                #expect(await h.pushes.pushes.map(\.event.ref) == ["refs/heads/master", "refs/heads/topic", "refs/heads/topic"])
                #expect(pushes.count == 1)
                #expect(pushes.first?.depot.id == depotID)
                #expect(pushes.first?.event.ref == "refs/heads/master")
                #expect(pushes.first?.event.after == head)
                #expect(pushes.first?.event.created == true)
                #expect(pushes.first?.event.totalCommits == 2)
                #expect(pushes.first?.event.pusher?.name == "admin")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func apiWritesAgreeWithTheGitClient(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "app")
            // First commit into the empty depot through the API.
            let created = try await h.action(
                "CreateGitCommit",
                """
                {"DepotPath":"slipway/alpha/app","LastCommitSha":"","Ref":"HEAD","NewRef":"","Message":"first commit\\n",
                 "CommitFiles":[{"Path":"pp.js","Content":"Hello\\n","WantDelete":false,"WantRename":false},
                                {"Path":"bin/data","Content":"AAEC","ContentEncoding":"ENCODING_BASE64"}]}
                """)
            let first = try #require(created.response["GitCommit"]["Sha"].string, "\(created.text)")
            #expect(created.response["GitCommit"]["Committer"]["Name"].string == "Admin")
            #expect((created.response["GitCommit"]["CommitDate"].int ?? 0) > 1_600_000_000_000)
            // A second one, with optimistic locking on the head, by depot id as string.
            let second = try await h.action(
                "CreateGitCommit",
                """
                {"DepotPath":"\(depotID)","LastCommitSha":"\(first)","Ref":"master","Message":"edit",
                 "CommitFiles":[{"Path":"pp.js","Content":"Hello again\\n"}]}
                """)
            let secondSHA = try #require(second.response["GitCommit"]["Sha"].string, "\(second.text)")
            let stale = try await h.action(
                "CreateGitCommit",
                """
                {"DepotPath":"\(depotID)","LastCommitSha":"\(first)","Ref":"master","Message":"stale",
                 "CommitFiles":[{"Path":"pp.js","Content":"x"}]}
                """)
            #expect(stale.response["Error"]["Code"].string == "FailedOperation")
            let noFiles = try await h.action("CreateGitCommit", #"{"DepotPath":"\#(depotID)","Ref":"master","Message":"m"}"#)
            #expect(noFiles.response["Error"]["Code"].string == "MissingParameter")

            #expect(
                try await h.action("CreateGitBranch", #"{"DepotId":\#(depotID),"BranchName":"feature/x","StartPoint":"\#(first)"}"#).response["Error"].isNull)
            #expect(
                try await h.action("CreateGitTag", #"{"DepotId":\#(depotID),"TagName":"v1.0","StartPoint":"master","Message":"release one"}"#).response["Error"]
                    .isNull)
            #expect(
                try await h.action("CreateGitTag", #"{"DepotId":\#(depotID),"TagName":"light","StartPoint":"\#(first)","Message":""}"#).response["Error"].isNull
            )
            let dup = try await h.action("CreateGitBranch", #"{"DepotId":\#(depotID),"BranchName":"feature/x","StartPoint":"master"}"#)
            #expect(dup.response["Error"]["Code"].string == "FailedOperation")
            let badRef = try await h.action("CreateGitBranch", #"{"DepotId":\#(depotID),"BranchName":"bad..name","StartPoint":"master"}"#)
            #expect(badRef.response["Error"]["Code"].string == "InvalidParameterValue")
            let noStart = try await h.action("CreateGitBranch", #"{"DepotId":\#(depotID),"BranchName":"y","StartPoint":"nope"}"#)
            #expect(noStart.response["Error"]["Code"].string == "ResourceNotFound")

            try await withScratch { dir in
                let url = h.cloneURL("alpha", "app", token: h.adminToken)
                let remote = try await runGit(["ls-remote", url], in: dir).stdout
                var refs: [String: String] = [:]
                for line in remote.split(separator: "\n") {
                    let parts = line.split(separator: "\t")
                    if parts.count == 2 { refs[String(parts[1])] = String(parts[0]) }
                }
                #expect(refs["refs/heads/master"] == secondSHA)
                #expect(refs["refs/heads/feature/x"] == first)
                // An OAuth token reaches git only with the project:depot scope.
                let admin = try #require(try await h.store.users.find(account: "admin"))
                let narrow = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth", scopes: ["user"]).secret
                let refused = try await runGit(["ls-remote", h.cloneURL("alpha", "app", token: narrow)], in: dir, check: false)
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("403") || refused.stderr.contains("project:depot"), "\(refused.stderr)")
                let scoped = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth", scopes: ["project:depot"]).secret
                #expect(try await runGit(["ls-remote", h.cloneURL("alpha", "app", token: scoped)], in: dir).stdout.contains(secondSHA))
                #expect(refs["refs/tags/light"] == first)
                #expect(refs["refs/tags/v1.0^{}"] == secondSHA)

                let branches = try await h.action("DescribeGitBranches", #"{"DepotId":\#(depotID)}"#)
                #expect(branches.response["TotalCount"].int == 2)
                let listed = Dictionary(
                    uniqueKeysWithValues: branches.response["Branches"].array.compactMap { b in
                        b["BranchName"].string.map { ($0, b["Sha"].string ?? "") }
                    })
                #expect(listed == ["master": secondSHA, "feature/x": first])
                #expect(branches.response["Branches"][0]["BranchName"].string == "master")
                let tags = try await h.action("DescribeGitTags", #"{"DepotId":\#(depotID)}"#).response["GitTags"].array
                #expect(tags.compactMap { $0["TagName"].string } == ["light", "v1.0"])
                #expect(tags[1]["Message"].string == "release one")
                #expect(tags[1]["Commit"]["Sha"].string == secondSHA)
                #expect(tags[0]["Message"].string == "first commit")
                let tag = try await h.action("DescribeGitTag", #"{"DepotId":\#(depotID),"TagName":"v1.0"}"#)
                #expect(tag.response["GitTag"]["Message"].string == "release one")

                // The API commit arrives with a fetch.
                try await runGit(["clone", "-q", url, "work"], in: dir)
                let work = dir + "/work"
                #expect(try String(contentsOfFile: work + "/pp.js", encoding: .utf8) == "Hello again\n")
                #expect(try Data(contentsOf: URL(fileURLWithPath: work + "/bin/data")) == Data([0, 1, 2]))
                let third = try await h.action(
                    "CreateGitCommit",
                    """
                    {"DepotId":\(depotID),"Ref":"master","Message":"rename","CommitFiles":[
                     {"Path":"pp.js","NewPath":"src/pp.js","WantRename":true},{"Path":"bin/data","WantDelete":true}]}
                    """)
                let thirdSHA = try #require(third.response["GitCommit"]["Sha"].string, "\(third.text)")
                try await runGit(["fetch", "-q", "origin"], in: work)
                let fetched = try await runGit(["rev-parse", "origin/master"], in: work).stdout
                #expect(fetched.trimmingCharacters(in: .whitespacesAndNewlines) == thirdSHA)
                let tree = try await runGit(["ls-tree", "-r", "--name-only", "origin/master"], in: work).stdout
                #expect(tree == "src/pp.js\n")

                // Deletions are seen by git too.
                #expect(try await h.action("DeleteGitBranch", #"{"DepotId":\#(depotID),"BranchName":"feature/x"}"#).response["Error"].isNull)
                #expect(try await h.action("DeleteGitTag", #"{"DepotId":\#(depotID),"TagName":"light"}"#).response["Error"].isNull)
                let defaultDelete = try await h.action("DeleteGitBranch", #"{"DepotId":\#(depotID),"BranchName":"master"}"#)
                #expect(defaultDelete.response["Error"]["Code"].string == "FailedOperation")
                let after = try await runGit(["ls-remote", url], in: dir).stdout
                #expect(!after.contains("feature/x"))
                #expect(!after.contains("refs/tags/light"))
            }
            let events = await h.pushes.pushes.map { "\($0.event.ref) \($0.event.created ? "C" : $0.event.deleted ? "D" : "U")" }
            #expect(
                events == [
                    "refs/heads/master C", "refs/heads/master U", "refs/heads/feature/x C", "refs/tags/v1.0 C",
                    "refs/tags/light C", "refs/heads/master U", "refs/heads/feature/x D", "refs/tags/light D",
                ])
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func transportAccessRules(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let open = try await h.makeProject("open", shared: true)
            let closed = try await h.makeProject("closed")
            _ = try await h.makeDepot(open, "pub")
            _ = try await h.makeDepot(closed, "priv")
            let (bob, bobToken) = try await h.makeUser("bob")
            let (reader, readerToken) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "closed", role: "read-only", subjects: [.user(uid: reader.uid)])
            _ = bob
            for (project, depot) in [("open", "pub"), ("closed", "priv")] {
                _ = try await h.action(
                    "CreateGitCommit",
                    """
                    {"DepotPath":"slipway/\(project)/\(depot)","Ref":"HEAD","Message":"init","CommitFiles":[{"Path":"a","Content":"a"}]}
                    """)
            }
            try await withScratch { dir in
                // Anonymous: public clones, private is challenged.
                try await runGit(["clone", "-q", h.cloneURL("open", "pub", token: nil), "anon-pub"], in: dir)
                #expect(FileManager.default.fileExists(atPath: dir + "/anon-pub/a"))
                let anonPrivate = try await runGit(["clone", "-q", h.cloneURL("closed", "priv", token: nil), "anon-priv"], in: dir, check: false)
                #expect(anonPrivate.status != 0)
                let challenge = try await h.get("/slipway/closed/priv.git/info/refs?service=git-upload-pack")
                #expect(challenge.status == .unauthorized)
                #expect(challenge.headers[.wwwAuthenticate] == "Basic realm=\"Slipway\"")
                let missing = try await h.get("/slipway/closed/nothing.git/info/refs?service=git-upload-pack")
                #expect(missing.status == .unauthorized)
                let badToken = try await h.get(
                    "/slipway/open/pub.git/info/refs?service=git-upload-pack",
                    headers: [.authorization: "Basic " + Data("git:wrong-token-0123456789".utf8).base64EncodedString()])
                #expect(badToken.status == .unauthorized)
                let anonPush = try await h.get("/slipway/open/pub.git/info/refs?service=git-receive-pack")
                #expect(anonPush.status == .unauthorized)

                // Signed-in non-member: 403 on private, read-only on public.
                let basic = { (token: String) in "Basic " + Data("git:\(token)".utf8).base64EncodedString() }
                let forbidden = try await h.get(
                    "/slipway/closed/priv.git/info/refs?service=git-upload-pack", headers: [.authorization: basic(bobToken)])
                #expect(forbidden.status == .forbidden)
                let bobClone = try await runGit(["clone", "-q", h.cloneURL("closed", "priv", token: bobToken), "bob-priv"], in: dir, check: false)
                #expect(bobClone.status != 0)
                #expect(bobClone.stderr.contains("403"))
                try await runGit(["clone", "-q", h.cloneURL("open", "pub", token: bobToken), "bob-pub"], in: dir)
                try await runGit(["commit", "-q", "--allow-empty", "-m", "nope"], in: dir + "/bob-pub")
                let bobPush = try await runGit(["push", "-q", "origin", "HEAD:master"], in: dir + "/bob-pub", check: false)
                #expect(bobPush.status != 0)

                // A read-only member fetches but cannot push; the admin can.
                try await runGit(["clone", "-q", h.cloneURL("closed", "priv", token: readerToken), "reader"], in: dir)
                try await runGit(["commit", "-q", "--allow-empty", "-m", "nope"], in: dir + "/reader")
                let readerPush = try await runGit(["push", "-q", "origin", "HEAD:master"], in: dir + "/reader", check: false)
                #expect(readerPush.status != 0)
                #expect(readerPush.stderr.contains("403"))
                try await runGit(["remote", "set-url", "origin", h.cloneURL("closed", "priv", token: h.adminToken)], in: dir + "/reader")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: dir + "/reader")

                // CODING members (Type 80) may push; the call is for project admins only.
                let (_, carolToken) = try await h.makeUser("carol")
                let byReader = try await h.action(
                    "CreateProjectMember", #"{"ProjectId":\#(closed),"Type":80,"UserGlobalKeyList":["carol"]}"#, token: readerToken)
                #expect(byReader.response["Error"]["Code"].string == "UnauthorizedOperation")
                let unknown = try await h.action(
                    "CreateProjectMember", #"{"ProjectId":\#(closed),"Type":80,"UserGlobalKeyList":["nobody"]}"#)
                #expect(unknown.response["Error"]["Code"].string == "ResourceNotFound")
                let badType = try await h.action(
                    "CreateProjectMember", #"{"ProjectId":\#(closed),"Type":7,"UserGlobalKeyList":["carol"]}"#)
                #expect(badType.response["Error"]["Code"].string == "InvalidParameterValue")
                let added = try await h.action(
                    "CreateProjectMember", #"{"ProjectId":\#(closed),"Type":80,"UserGlobalKeyList":["carol"]}"#)
                #expect(added.response["Error"].isNull, "\(added.text)")
                try await runGit(["clone", "-q", h.cloneURL("closed", "priv", token: carolToken), "carol"], in: dir)
                try await runGit(["commit", "-q", "--allow-empty", "-m", "by carol"], in: dir + "/carol")
                try await runGit(["push", "-q", "origin", "HEAD:carol-branch"], in: dir + "/carol")
                let members = try await h.action("DescribeProjectMembers", #"{"ProjectId":\#(closed),"PageNumber":1,"PageSize":10}"#)
                let carol = members.response["Data"]["ProjectMembers"].array.first { $0["GlobalKey"].string == "carol" }
                #expect(carol?["Roles"][0]["RoleTypeName"].string == "developer")

                // Actions follow the same rule.
                let readerDepots = try await h.action("DescribeProjectDepotInfoList", #"{"ProjectId":\#(closed)}"#, token: readerToken)
                #expect(readerDepots.response["DepotData"]["Depots"].array.count == 1)
                let readerWrite = try await h.action(
                    "CreateGitBranch", #"{"DepotPath":"slipway/closed/priv","BranchName":"x","StartPoint":"master"}"#, token: readerToken)
                #expect(readerWrite.response["Error"]["Code"].string == "UnauthorizedOperation")
                let bobRead = try await h.action("DescribeGitBranches", #"{"DepotPath":"slipway/closed/priv"}"#, token: bobToken)
                #expect(bobRead.response["Error"]["Code"].string == "UnauthorizedOperation")
            }
        }
    }
}

@Suite("CODING git transport streams")
struct GitStreamingTests {
    /// Bodies beyond the API's 8 MiB upload limit stream through push and clone.
    @Test(arguments: CodingStoreKind.enabled)
    func largePushAndCloneStream(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "big")
            try await withScratch { dir in
                let url = h.cloneURL("alpha", "big", token: h.adminToken)
                try await runGit(["init", "-q", "-b", "master", "src"], in: dir)
                var generator = SystemRandomNumberGenerator()
                let bytes = (0..<(12 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
                try Data(bytes).write(to: URL(fileURLWithPath: dir + "/src/blob.bin"))
                try await runGit(["add", "blob.bin"], in: dir + "/src")
                try await runGit(["commit", "-q", "-m", "big"], in: dir + "/src")
                try await runGit(["push", "-q", url, "master"], in: dir + "/src")
                try await runGit(["clone", "-q", url, "copy"], in: dir)
                let copy = try Data(contentsOf: URL(fileURLWithPath: dir + "/copy/blob.bin"))
                #expect(copy == Data(bytes))
                let file = try await h.action("DescribeGitFileStat", #"{"DepotId":\#(depotID),"Ref":"master","Path":"blob.bin"}"#)
                #expect(file.response["Payload"]["IsExist"].bool == true)
            }
        }
    }
}
