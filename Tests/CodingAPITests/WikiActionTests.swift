import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// The wiki's pages: a tree numbered per project, versions, moves and deletes, each change a
/// commit of the wiki repository, on both stores.
@Suite struct WikiActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func pagesFormATreeWithVersions(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            #expect(try await f.outline() == "1(2) 3")
            #expect(try await f.commitCount() == 3)

            let created = try await f.ok("CreateWiki", #""Title":"Setup","Content":"step 1","ParentIid":1"#, token: f.dev)["Data"]
            #expect(created["Iid"].int == 4 && created["Path"].string == "1/4" && created["Order"].int == 1)
            #expect(created["HistoriesCount"].int == 1 && created["CurrentVersion"].int == 1 && created["Creator"]["GlobalKey"].string == "dev")

            let modified = try await f.ok("ModifyWiki", #""Iid":2,"Title":"User guide","Content":"guide v2","Msg":"rewrite""#, token: f.dev)["Data"]
            #expect(modified["Title"].string == "User guide" && modified["Content"].string == "guide v2" && modified["Msg"].string == "rewrite")
            #expect(modified["HistoriesCount"].int == 2 && modified["LastVersion"].int == 2 && modified["Editor"]["GlobalKey"].string == "dev")
            let first = try await f.ok("DescribeWiki", #""Iid":2,"VersionId":1"#, token: f.reader)["Data"]
            #expect(first["Content"].string == "guide v1" && first["Title"].string == "Guide" && first["CurrentVersion"].int == 1)
            #expect(first["LastVersion"].int == 2 && first["CanMaintain"].bool == false)
            let latest = try await f.ok("DescribeWiki", #""Iid":2,"VersionId":0"#)["Data"]
            #expect(latest["Content"].string == "guide v2" && latest["CanMaintain"].bool == true)
            #expect(try await f.error("DescribeWiki", #""Iid":2,"VersionId":3"#) == "ResourceNotFound")
            // The same content and title again: no new version, no commit.
            let commits = try await f.commitCount()
            try await f.ok("ModifyWiki", #""Iid":2,"Title":"User guide","Content":"guide v2""#)
            #expect(try await f.commitCount() == commits)

            // Moves: under another parent, before / after a sibling, never under itself.
            try await f.ok("ModifyWikiOrder", #""Iid":3,"ParentIid":1,"Before":4"#)
            #expect(try await f.outline() == "1(2 3 4)")
            try await f.ok("ModifyWikiOrder", #""Iid":2,"ParentIid":1,"After":4"#)
            #expect(try await f.outline() == "1(3 4 2)")
            try await f.ok("ModifyWikiOrder", #""Iid":4,"ParentIid":0"#)
            #expect(try await f.outline() == "1(3 2) 4")
            #expect(try await f.error("ModifyWikiOrder", #""Iid":1,"ParentIid":2"#) == "InvalidParameterValue")
            #expect(try await f.error("ModifyWikiOrder", #""Iid":2,"ParentIid":1,"Before":4"#) == "InvalidParameterValue")
            // A sibling with the same title there: refused unless forced.
            try await f.ok("CreateWiki", #""Title":"Setup","Content":"","ParentIid":1"#)
            #expect(try await f.error("ModifyWikiOrder", #""Iid":4,"ParentIid":1"#) == "FailedOperation")
            try await f.ok("ModifyWikiOrder", #""Iid":4,"ParentIid":1,"Forced":true"#)
            #expect(try await f.outline() == "1(3 2 5 4)")
            #expect(try await f.ok("DescribeWiki", #""Iid":4,"VersionId":0"#)["Data"]["Path"].string == "1/4")

            // Deleting a page takes the pages below it; numbers are never reused.
            try await f.ok("DeleteWiki", #""Iid":1"#)
            #expect(try await f.outline() == "")
            #expect(try await f.error("DescribeWiki", #""Iid":2,"VersionId":0"#) == "ResourceNotFound")
            #expect(try await f.ok("CreateWiki", #""Title":"Again","Content":"x","ParentIid":0"#)["Data"]["Iid"].int == 6)
        }
    }

    /// A page's `Html` is its Markdown rendered, with whatever HTML the writer typed shown as text.
    @Test(arguments: CodingStoreKind.enabled)
    func pagesAnswerTheirMarkdownAsSafeHTML(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            let content = "# Setup\\n\\n- install *git*\\n- run `make`\\n\\n<script>alert(1)</script> [x](javascript:alert(1))"
            let iid = try await f.ok("CreateWiki", #""Title":"Steps","Content":"\#(content)","ParentIid":0"#, token: f.dev)["Data"]["Iid"].int ?? 0
            let page = try await f.ok("DescribeWiki", #""Iid":\#(iid),"VersionId":0"#, token: f.reader)["Data"]
            #expect(page["Content"].string?.hasPrefix("# Setup\n\n- install *git*") == true)
            #expect(
                page["Html"].string
                    == "<h1>Setup</h1>\n<ul>\n<li>install <em>git</em></li>\n<li>run <code>make</code></li>\n</ul>\n"
                    + "<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href=\"#\">x</a>)</p>", "\(page)")
        }
    }

    /// action, valid fields, bad fields and the error they give.
    static let cases: [(action: String, valid: String, bad: String, code: String)] = [
        ("CreateWiki", #""Title":"New","Content":"c","ParentIid":0"#, #""Title":"New","Content":"c","ParentIid":99"#, "InvalidParameterValue"),
        ("CreateWiki", #""Title":"New","Content":"c","ParentIid":0"#, #""Title":" ","Content":"c","ParentIid":0"#, "InvalidParameterValue"),
        ("ModifyWiki", #""Iid":3,"Title":"Notes","Content":"more""#, #""Iid":99,"Title":"x","Content":"y""#, "ResourceNotFound"),
        ("ModifyWiki", #""Iid":3,"Title":"Notes","Content":"more""#, #""Iid":3,"Title":"x""#, "MissingParameter"),
        ("DescribeWiki", #""Iid":1,"VersionId":0"#, #""Iid":"one","VersionId":0"#, "InvalidParameter"),
        ("DescribeWikiList", "", #"{"ProjectName":"nope"}"#, "ResourceNotFound"),
        ("ModifyWikiOrder", #""Iid":3,"ParentIid":1"#, #""Iid":3,"ParentIid":3"#, "InvalidParameterValue"),
        ("CreateUploadToken", #""FileName":"w.zip""#, #""FileName":"../w.zip""#, "InvalidParameterValue"),
        ("DescribeImportJobStatus", #""JobId":"none""#, #""JobId":"none""#, "ResourceNotFound"),
        ("DescribeUpdateJobStatus", #""JobId":"none""#, #""JobId":"none""#, "ResourceNotFound"),
        ("DeleteWiki", #""Iid":2"#, #""Iid":99"#, "ResourceNotFound"),
    ]

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            for c in Self.cases + WikiZipTests.permissionCases {
                #expect(try await f.error(c.action, c.valid, anonymous: true) == "AuthFailure", "\(c.action)")
                #expect(try await f.error(c.action, c.valid, token: f.narrow) == "UnauthorizedOperation", "\(c.action)")
                #expect(try await f.errorAudited(c.action, c.valid, token: f.stranger, by: "stranger") == "ResourceNotFound", "\(c.action)")
                if c.action.hasPrefix("Describe") { continue }
                #expect(try await f.errorAudited(c.action, c.valid, token: f.reader, by: "reader") == "UnauthorizedOperation", "\(c.action)")
            }
            #expect(try await f.outline(token: f.reader) == "1(2) 3")
            #expect(try await f.commitCount() == 3)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badCallsGetClearErrorsAndValidOnesPass(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            for c in Self.cases {
                let commits = try await f.commitCount()
                #expect(try await f.errorAudited(c.action, c.bad) == c.code, "\(c.action) \(c.bad)")
                #expect(try await f.commitCount() == commits, "\(c.action) \(c.bad) wrote a commit")
                if c.action.hasSuffix("JobStatus") { continue }
                try await f.okAudited(c.action, c.valid, token: f.dev, by: "dev")
            }
        }
    }

    @Test func everyWikiActionIsCovered() {
        let wiki = Set(CodingRoutes.wikiActions().keys)
        #expect(wiki.count == 11)
        #expect(wiki == Set((Self.cases + WikiZipTests.permissionCases).map(\.action)))
        for action in wiki { #expect(ActionScopes.required(for: action) == "project:wiki", "\(action)") }
    }
}
