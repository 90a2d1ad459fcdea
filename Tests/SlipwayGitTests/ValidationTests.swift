import SlipwayCore
import Testing

@testable import SlipwayGit

@Suite struct ValidationTests {
    @Test(arguments: ["../x", "-x", "/abs/path", "a/../b", "a//b", ".hidden", "a/.git/b", "a/b/", "", "a b", "x.lock"])
    func repositoryPathRejects(_ raw: String) {
        #expect(throws: SlipwayError.self) { try RepositoryPath(raw) }
    }

    @Test func repositoryPathAccepts() throws {
        #expect(try RepositoryPath("team/project/depot").description == "team/project/depot")
        #expect(try RepositoryPath("team/depot.git").description == "team/depot")
        #expect(try RepositoryPath("a_b/c-d/e.f").segments == ["a_b", "c-d", "e.f"])
    }

    @Test(arguments: ["--upload-pack=x", "a..b", "refs/heads/../x", "-b", "a b", "x.lock", "a~1:", "@{-1}", "a\\b", ""])
    func branchNamesRejected(_ name: String) {
        #expect(throws: SlipwayError.self) { try RefFormat.branch(name) }
    }

    @Test(arguments: ["--upload-pack=x", "a..b", "refs/heads/../x", "main@{1}", "-n", "HEAD:file"])
    func revisionsRejected(_ rev: String) {
        #expect(throws: SlipwayError.self) { try RefFormat.revision(rev) }
    }

    @Test func validNames() throws {
        #expect(try RefFormat.branch("feature/login-v2") == "refs/heads/feature/login-v2")
        #expect(try RefFormat.tag("v1.0.0") == "refs/tags/v1.0.0")
        #expect(try RefFormat.revision("main~2") == "main~2")
        #expect(try RefFormat.revision("HEAD^") == "HEAD^")
        #expect(try RefFormat.revision("0123abcd") == "0123abcd")
        #expect(RefFormat.isValid("refs/heads/main"))
        #expect(!RefFormat.isValid("refs/heads/.hidden"))
    }

    @Test func validatedRefsAreRefNames() throws {
        let branch = try RefFormat.branchRef("refs/heads/feature/x")
        #expect(branch == .branch("feature/x") && branch.branchName == "feature/x" && branch.tagName == nil)
        let tag = try RefFormat.tagRef("v2")
        #expect(tag.full == "refs/tags/v2" && tag.tagName == "v2" && !tag.isBranch)
        #expect(throws: SlipwayError.self) { try RefFormat.branchRef("HEAD") }
        #expect(throws: SlipwayError.self) { try RefFormat.tagRef("refs/tags/") }
        let update = RefUpdate(ref: "refs/notes/commits", oldSHA: "", newSHA: "", isCreate: true, isDelete: false, isForcePush: false)
        #expect(update.shortName == "refs/notes/commits")
    }

    @Test func treePaths() throws {
        #expect(try RefFormat.treePath("src/a.swift") == "src/a.swift")
        #expect(throws: SlipwayError.self) { try RefFormat.treePath("../etc/passwd") }
        #expect(throws: SlipwayError.self) { try RefFormat.treePath("a/./b") }
        #expect(throws: SlipwayError.self) { try RefFormat.treePath(".git/config") }
    }

    @Test func pktLine() {
        #expect(PktLine.encode("# service=git-upload-pack\n") == "001e# service=git-upload-pack\n")
    }
}
