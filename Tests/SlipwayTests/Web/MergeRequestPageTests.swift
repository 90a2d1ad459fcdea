import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 14's merge-request pages: the list by state, one request with its diff, comments,
/// reviewers and approvals, and merging with the protection verdict shown; each action through
/// the hosting service the CODING API calls, refused to whom the CODING rules refuse it.
@Suite struct MergeRequestPageTests {
    static let base = "/ui/projects/demo/repos/code/merge-requests"

    /// The populated depot, `master` protected by one required approval, and merge request 1
    /// from `feature` opened by `dev` (a developer-level member) with a hostile title and text.
    static func openRequest(_ app: Harness) async throws -> RepoFixture {
        let repo = try await RepoFixture.populated(app)
        let devToken = try await app.makeMember("dev", project: "demo", actions: ["get_workflow", "run_workflow"])
        try await repo.commit("feature work", newRef: "feature", files: [("feature.txt", "new " + RepoFixture.script + "\n")], as: devToken)
        let rule = try await app.coding("CreateBranchProtection", #"{"DepotId":\#(repo.depotID),"Rule":"master","RequiredGrantCount":1}"#)
        #expect(!rule.json["Response"]["Error"].exists, "\(rule.text)")
        let opened = try await app.coding(
            "CreateGitMergeReq",
            #"{"DepotId":\#(repo.depotID),"Title":\#(Harness.jsonString(RepoFixture.script)),"Content":"why: <b>bold</b>","SrcBranch":"feature","DestBranch":"master"}"#,
            token: devToken)
        #expect(opened.json["Response"]["MergeInfo"]["MergeRequestId"].int == 1, "\(opened.text)")
        return repo
    }

    /// A member `account` bound to the preset read-only role, with a web password.
    static func readOnlyBrowser(_ app: Harness, _ account: String = "reader") async throws -> WebBrowser {
        _ = try await app.makeMember(account, project: "demo")
        let user = try #require(try await app.store.users.find(account: account))
        try await app.store.passwords.set(userUID: user.uid, hash: PasswordHasher.hash("correct horse"))
        var browser = WebBrowser(app)
        try await browser.signIn(account, "correct horse")
        return browser
    }

    @Test(arguments: StoreKind.enabled)
    func reviewCommentApproveAndMergeFromThePages(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let repo = try await Self.openRequest(app)
            var browser = try await app.adminBrowser()
            let list = try await browser.get(Self.base)
            #expect(list.status == .ok)
            #expect(list.text.contains(#"<a href="/ui/projects/demo/repos/code/merge-requests/1">!1 \#(RepoFixture.escapedScript)</a>"#), "\(list.text)")
            #expect(!list.text.contains(RepoFixture.script))

            let page = try await browser.get(Self.base + "/1")
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.text.contains("why: &lt;b&gt;bold&lt;/b&gt;"))
            #expect(page.text.contains("<span class=\"add\">+new \(RepoFixture.escapedScript)</span>"), "the diff")
            #expect(page.text.contains("This merge request cannot be merged yet"))
            #expect(page.text.contains("branch master requires 1 approvals, the merge request has 0"))
            #expect(!page.text.contains(#"id="merge""#), "no merge form while the rule is not met")
            #expect(page.text.contains(#"id="approve""#))
            #expect(!page.text.contains(RepoFixture.script))

            let commented = try await browser.post(Self.base + "/1/comment", [("content", "nice " + RepoFixture.script)])
            #expect(commented.status == .seeOther, "\(commented.text)")
            let approved = try await browser.post(Self.base + "/1/approve", [("approved", "true")])
            #expect(approved.status == .seeOther, "\(approved.text)")
            let ready = try await browser.get(Self.base + "/1")
            #expect(ready.text.contains("nice \(RepoFixture.escapedScript)"))
            #expect(ready.text.contains("admin ✓ approved"))
            #expect(ready.text.contains("1 approvals (the target branch requires 1)"))
            #expect(ready.text.contains("This merge request can be merged."), "\(ready.text)")
            #expect(ready.text.contains(#"id="merge""#))

            let merged = try await browser.post(Self.base + "/1/merge", [])
            #expect(merged.status == .seeOther, "\(merged.text)")
            #expect(merged.headers[.location] == Self.base + "/1")
            let done = try await browser.get(Self.base + "/1")
            #expect(done.text.contains("<span class=\"status mr-merged\">merged</span>"))
            #expect(done.text.contains("merged by admin"))
            #expect(try await browser.get(Self.base + "?state=merged").text.contains("merge-requests/1\">"))
            #expect(!(try await browser.get(Self.base + "?state=open").text.contains("merge-requests/1\">")))
            let file = try await browser.get("/ui/projects/demo/repos/code/blob/master/feature.txt")
            #expect(file.status == .ok, "the merge reached master")

            // The same service calls as the CODING API: the request's activity log, and the operation log.
            let request = try #require(try await app.store.mergeRequests.get(depotID: repo.depotID, iid: 1))
            let actions = try await app.store.mergeRequests.events(mergeRequestID: request.id).map(\.action)
            #expect(actions.contains(.comment) && actions.contains(.grant) && actions.contains(.merge), "\(actions)")
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(Set(logs.map(\.detail)) == ["comment on code!1", "approve code!1", "merge code!1"], "\(logs.map(\.detail))")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aReadOnlyMemberCommentsButCannotApproveOrMerge(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await Self.openRequest(app)
            var reader = try await Self.readOnlyBrowser(app)
            let page = try await reader.get(Self.base + "/1")
            #expect(page.status == .ok)
            #expect(!page.text.contains(#"id="approve""#) && !page.text.contains(#"id="merge""#))
            #expect(page.text.contains("you need write access to this repository to merge"))
            // CODING lets readers comment (CreateMergeRequestNote needs read access).
            #expect(try await reader.post(Self.base + "/1/comment", [("content", "a reader's note")]).status == .seeOther)
            let approve = try await reader.post(Self.base + "/1/approve", [("approved", "true")])
            #expect(approve.status == .forbidden, "\(approve.text)")
            let merge = try await reader.post(Self.base + "/1/merge", [])
            #expect(merge.status == .forbidden, "\(merge.text)")
            let request = try #require(try await app.store.mergeRequests.list(.init(depotIDs: nil), page: 1, pageSize: 5).rows.first)
            #expect(request.state == .open)
            #expect(try await app.store.mergeRequests.reviewers(mergeRequestID: request.id).allSatisfy { !$0.approved })

            // The author may not approve their own request either.
            let dev = try #require(try await app.store.users.find(account: "dev"))
            try await app.store.passwords.set(userUID: dev.uid, hash: PasswordHasher.hash("dev password"))
            var author = WebBrowser(app)
            try await author.signIn("dev", "dev password")
            let own = try await author.get(Self.base + "/1")
            #expect(!own.text.contains(#"id="approve""#))
            #expect(try await author.post(Self.base + "/1/approve", [("approved", "true")]).status == .forbidden)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func hostileBranchesAreEscapedTheListFiltersByStateAndAnArchivedDepotTakesNoActions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let repo = try await Self.openRequest(app)
            let second = try await app.coding(
                "CreateGitMergeReq",
                #"{"DepotId":\#(repo.depotID),"Title":"from the evil branch","SrcBranch":\#(Harness.jsonString(RepoFixture.hostileBranch)),"DestBranch":"master"}"#
            )
            #expect(second.json["Response"]["MergeInfo"]["MergeRequestId"].int == 2, "\(second.text)")
            let closed = try await app.coding("ModifyCloseMR", #"{"DepotId":\#(repo.depotID),"MergeId":2}"#)
            #expect(!closed.json["Response"]["Error"].exists, "\(closed.text)")
            var browser = try await app.adminBrowser()
            let escapedBranch = "evil&lt;script&gt;alert(1)&lt;/script&gt; → master"
            let open = try await browser.get(Self.base)
            #expect(open.text.contains("merge-requests/1\">") && !open.text.contains("merge-requests/2\">"))
            let closedList = try await browser.get(Self.base + "?state=closed")
            #expect(closedList.text.contains("merge-requests/2\">") && !closedList.text.contains("merge-requests/1\">"))
            #expect(closedList.text.contains(escapedBranch), "\(closedList.text)")
            let all = try await browser.get(Self.base + "?state=all")
            #expect(all.text.contains("merge-requests/1\">") && all.text.contains("merge-requests/2\">"))
            #expect(!all.text.contains(RepoFixture.script))
            #expect(try await browser.get(Self.base + "?state=<b>").status == .badRequest)
            let page = try await browser.get(Self.base + "/2")
            #expect(page.text.contains("<span class=\"status mr-closed\">closed</span>"))
            #expect(page.text.contains("evil&lt;script&gt;alert(1)&lt;/script&gt; into master"))
            #expect(!page.text.contains(RepoFixture.script) && !page.text.contains(#"id="merge""#))

            let archived = try await app.coding("ModifyGitDepotArchive", #"{"DepotId":\#(repo.depotID)}"#)
            #expect(!archived.json["Response"]["Error"].exists, "\(archived.text)")
            let readOnly = try await browser.get(Self.base + "/1")
            #expect(readOnly.text.contains("the repository is archived and read-only"))
            #expect(!readOnly.text.contains(#"id="approve""#) && !readOnly.text.contains(#"id="comment-content""#))
            for action in ["comment", "approve", "merge"] {
                let refused = try await browser.post(Self.base + "/1/\(action)", [("content", "x"), ("approved", "true")])
                #expect(refused.status == .conflict, "\(action): \(refused.text)")
            }
        }
    }

    @Test func theVerdictNamesEveryRuleTheMergeWouldRefuse() async throws {
        try await withApp(.sqlite) { app in
            let repo = try await Self.openRequest(app)
            let rules = try await app.coding("DescribeBranchProtections", #"{"DepotId":\#(repo.depotID)}"#)
            let ruleID = try #require(rules.json["Response"]["BranchProtections"][0]["BranchProtectionId"].int, "\(rules.text)")
            // A conflicting change on master (made while it is unprotected), then the rule again with status checks.
            let deleted = try await app.coding("DeleteBranchProtection", #"{"DepotId":\#(repo.depotID),"BranchProtectionId":\#(ruleID)}"#)
            #expect(!deleted.json["Response"]["Error"].exists, "\(deleted.text)")
            try await repo.commit("conflict", files: [("feature.txt", "other\n")])
            let rule = try await app.coding(
                "CreateBranchProtection", #"{"DepotId":\#(repo.depotID),"Rule":"master","RequiredGrantCount":1,"RequiredStatusCheck":true}"#)
            #expect(!rule.json["Response"]["Error"].exists, "\(rule.text)")
            var browser = try await app.adminBrowser()
            let page = try await browser.get(Self.base + "/1")
            #expect(page.text.contains("branch master requires 1 approvals, the merge request has 0"))
            #expect(page.text.contains("branch master requires successful status checks on "), "\(page.text)")
            #expect(page.text.contains("merge conflict in: feature.txt"))
            // The merge the form would post is refused for the same reason, and nothing merges.
            let merge = try await browser.post(Self.base + "/1/merge", [])
            #expect(merge.status == .conflict, "\(merge.text)")
            #expect(merge.text.contains("requires 1 approvals"))
            #expect(try await app.store.mergeRequests.list(.init(), page: 1, pageSize: 5).rows.first?.state == .open)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func signedOutAndNonMembersGetNothing(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await Self.openRequest(app)
            var signedOut = WebBrowser(app)
            let out = try await signedOut.get(Self.base + "/1")
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/ui/sign-in?next=\(WebBrowser.encode(Self.base + "/1"))")
            try await app.makeWebUser("stranger")
            var stranger = WebBrowser(app)
            try await stranger.signIn("stranger", "correct horse")
            for path in [Self.base, Self.base + "/1", Self.base + "/2"] {
                let hidden = try await stranger.get(path)
                #expect(hidden.status == .notFound, "\(path)")
                #expect(!hidden.text.contains("alert(1)"), "\(path)")
            }
            _ = try await stranger.get("/")
            for action in ["comment", "approve", "merge"] {
                let refused = try await stranger.post(Self.base + "/1/\(action)", [("content", "x"), ("approved", "true")])
                #expect(refused.status == .notFound, "\(action)")
            }
            #expect(try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }.isEmpty)
        }
    }
}
