import Foundation
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 16: a test plan filled from a real CODING CI build's JUnit results (CreateTestResults
/// with Slipway's `CodingCIBuildId`): a case titled `classname.name` or `name` takes the outcome
/// (passed → PASSED, failed/error → FAILED, skipped → BLOCKED); other cases keep theirs. Bad
/// builds and plans, and callers without the right, are refused. On both stores.
@Suite struct TestRunCIResultTests {
    static let jenkinsfile = #"""
        pipeline {
            agent any
            stages {
                stage('Test') {
                    steps {
                        sh '''mkdir -p reports
        printf '<testsuite name="login"><testcase classname="app.Login" name="signs in"/><testcase classname="app.Login" name="signs out"><failure message="no"/></testcase><testcase classname="app.Login" name="resets"><skipped/></testcase><testcase classname="app.Upload" name="uploads"><error message="boom"/></testcase></testsuite>' > reports/u.xml
        printf '<testsuite name="admin"><testcase classname="app.Admin" name="signs out"/></testsuite>' > reports/v.xml'''
                        junit 'reports/*.xml'
                    }
                }
            }
        }
        """#

    @Test(arguments: CodingStoreKind.enabled)
    func planCasesTakeTheBuildsJUnitOutcomes(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                await h.context.engine.addObserver(TaskEventPublisher(events: h.context.events))
                CIService(h.context).subscribe()
                let w = try await Workspace.make(h, in: scratch)
                let created = try await h.action("CreateCodingCIJob", CIFixture.createBody(w, jenkinsfile: Self.jenkinsfile))
                let ci = CIFixture(h: h, w: w, jobID: Int64(try #require(created.response["Data"]["Id"].int, "\(created.text)")))
                let buildID = try await ci.trigger()
                #expect(try await ci.finished(buildID)["TestResult"]["TotalCount"].int == 5)

                let (_, dev) = try await h.makeUser("dev")
                let joined = try await h.action("CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["dev"]}"#)
                #expect(joined.response["Error"].isNull, "\(joined.text)")
                let (_, stranger) = try await h.makeUser("stranger")
                let f = PlanningFixture(h: h, dev: dev, reader: try await ci.readOnlyMember("reader"), stranger: stranger, narrow: "")
                let section = try #require(try await f.ok("CreateTestCaseSection", #""Name":"ci""#)["Data"]["Section"]["Id"].int)
                var cases: [String: Int64] = [:]
                for title in ["app.Login.signs in", "signs out", " resets ", "app.Upload.uploads", "manual", "app.Other.signs in"] {
                    let made = try await f.ok("CreateTestCase", #""SectionId":\#(section),"Title":"\#(title)","TemplateType":"TEXT""#)
                    cases[title] = try #require(made["Data"]["Case"]["Id"].int)
                }
                let run = try #require(try await f.ok("CreateTestRun", #""Name":"nightly","IncludeAll":true"#)["Data"]["Run"]["Id"].int)
                try await f.ok("CreateCaseResult", #""RunId":\#(run),"CaseId":\#(cases["manual"] ?? 0),"Status":"RETEST""#)

                func statuses() async throws -> [String: String] {
                    let tests = try await f.ok("DescribeTestList", #""RunId":\#(run)"#)["Data"]["Tests"].array
                    return Dictionary(tests.map { ($0["Title"].string ?? "", $0["Status"].string ?? "") }, uniquingKeysWith: { a, _ in a })
                }
                let expected = [
                    // `signs out` failed in app.Login and passed in app.Admin: the failure wins.
                    "app.Login.signs in": "PASSED", "signs out": "FAILED", " resets ": "BLOCKED", "app.Upload.uploads": "FAILED", "manual": "RETEST",
                    // `signs in` of another class: its qualified title matches no JUnit case.
                    "app.Other.signs in": "UNTESTED",
                ]
                // Refused calls change nothing.
                let fill = #""RunId":\#(run),"CodingCIBuildId":\#(buildID)"#
                #expect(try await f.error("CreateTestResults", fill, anonymous: true) == "AuthFailure")
                #expect(try await f.error("CreateTestResults", fill, token: stranger) == "ResourceNotFound")
                #expect(try await f.error("CreateTestResults", fill, token: f.reader) == "UnauthorizedOperation")
                let admin = try #require(try await h.store.users.find(account: "admin"))
                let issueOnly = try await h.store.tokens.issue(userUID: admin.uid, name: "oauth", scopes: ["project:issue"]).secret
                #expect(try await f.error("CreateTestResults", fill, token: issueOnly) == "UnauthorizedOperation", "no CI read scope")
                #expect(try await f.error("CreateTestResults", #""RunId":\#(run),"CodingCIBuildId":99999"#) == "ResourceNotFound")
                #expect(try await f.error("CreateTestResults", fill + #","Status":"PASSED""#) == "InvalidParameterValue")
                #expect(try await f.error("CreateTestResults", fill + #","CaseIds":[1]"#) == "InvalidParameterValue")
                #expect(try await f.error("CreateTestResults", #""RunId":"x","CodingCIBuildId":\#(buildID)"#) == "InvalidParameter")
                #expect(try await statuses()["signs out"] == "UNTESTED")

                // A developer fills the plan; DescribeTest shows who and when.
                try await f.ok("CreateTestResults", fill, token: dev)
                #expect(try await statuses() == expected)
                let tests = try await f.ok("DescribeTestList", #""RunId":\#(run)"#)["Data"]["Tests"].array
                let failed = try #require(tests.first { $0["Title"].string == "signs out" }?["Id"].int)
                let test = try await f.ok("DescribeTest", #""TestId":\#(failed)"#)["Data"]["Test"]
                #expect(test["Status"].string == "FAILED" && (test["TestedBy"].int ?? 0) > 0 && test["TestedAt"].string != "", "\(test)")

                // A build that published no JUnit results.
                let plain = try await h.action("CreateCodingCIJob", CIFixture.createBody(w, name: "plain"))
                let bare = CIFixture(h: h, w: w, jobID: Int64(try #require(plain.response["Data"]["Id"].int, "\(plain.text)")))
                let bareBuild = try await bare.trigger()
                #expect(try await bare.finished(bareBuild)["Status"].string == "SUCCEED")
                #expect(try await f.error("CreateTestResults", #""RunId":\#(run),"CodingCIBuildId":\#(bareBuild)"#) == "FailedOperation")
                #expect(try await statuses() == expected)

                // Another project's plan and build.
                _ = try await h.makeProject("beta")
                let body = #"{"ProjectName":"beta","Name":"other","IncludeAll":true}"#
                let other = try #require(try await h.action("CreateTestRun", body).response["Data"]["Run"]["Id"].int)
                #expect(try await f.error("CreateTestResults", #""RunId":\#(other),"CodingCIBuildId":\#(buildID)"#) == "ResourceNotFound")
                let beta = try await h.action("CreateTestResults", #"{"ProjectName":"beta","RunId":\#(other),"CodingCIBuildId":\#(buildID)}"#)
                #expect(beta.response["Error"]["Code"].string == "InvalidParameterValue", "a build of another project: \(beta.text)")
                // An archived plan takes no more results.
                try await f.ok("ArchiveTestRun", #""RunId":\#(run)"#)
                #expect(try await f.error("CreateTestResults", fill) == "FailedOperation")
            }
        }
    }
}
