import Foundation
import SlipwayCore
import Testing

/// The wiki repository over git smart HTTP: a real `git clone` shows every page change as a
/// commit by its user; it is read-only and closed to strangers and anonymous callers.
@Suite struct WikiGitTests {
    @Test(arguments: CodingStoreKind.enabled)
    func aPageEditShowsUpAsACommitInAClone(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await WikiFixture.make(h)
                func url(_ token: String?) throws -> String {
                    let base = try #require(h.baseURL)
                    let auth = token.map { "git:\($0)@" } ?? ""
                    return base.replacingOccurrences(of: "http://", with: "http://\(auth)") + "/slipway/wk/-/wiki.git"
                }
                try await runGit(["clone", "-q", try url(f.reader), "wiki"], in: scratch)
                let clone = scratch + "/wiki"
                let log = try await runGit(["log", "--format=%an <%ae>|%s"], in: clone).stdout
                #expect(log == "Admin <admin@example.com>|Create page Notes\nAdmin <admin@example.com>|Create page Guide\nDev <dev@example.com>|start\n")
                #expect(try String(contentsOfFile: clone + "/1.md", encoding: .utf8) == "# Home\n")
                let summary = try String(contentsOfFile: clone + "/SUMMARY.md", encoding: .utf8)
                #expect(summary.contains("- [Home](1.md)\n  - [Guide](2.md)\n- [Notes](3.md)"), "\(summary)")

                try await f.ok("ModifyWiki", #""Iid":2,"Title":"Guide","Content":"guide v2","Msg":"second draft""#, token: f.dev)
                try await runGit(["pull", "-q", "--ff-only"], in: clone)
                let head = try await runGit(["log", "-1", "--format=%an|%s|%H"], in: clone).stdout
                #expect(head.hasPrefix("Dev|second draft|"), "\(head)")
                #expect(try String(contentsOfFile: clone + "/2.md", encoding: .utf8) == "guide v2")
                let sha = head.split(separator: "|").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                let versions = try await h.store.wiki.versions(pageID: try #require(try await h.store.wiki.page(projectKey: "wk", iid: 2)).id)
                #expect(versions.map(\.commit).last == sha)

                // Read-only: pages change through the API.
                try "edit".write(toFile: clone + "/3.md", atomically: true, encoding: .utf8)
                try await runGit(["commit", "-qam", "local"], in: clone)
                let push = try await runGit(["push", "-q", try url(h.adminToken), "HEAD:main"], in: clone, check: false)
                #expect(push.status != 0)
                // Strangers, anonymous callers and tokens without project:wiki cannot clone.
                for (name, token) in [("stranger", f.stranger), ("anonymous", nil), ("narrow", f.narrow)] as [(String, String?)] {
                    let run = try await runGit(["clone", "-q", try url(token), "x-\(name)"], in: scratch, check: false)
                    #expect(run.status != 0, "\(name) cloned the wiki")
                }
            }
        }
    }
}
