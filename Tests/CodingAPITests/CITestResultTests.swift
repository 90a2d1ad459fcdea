import Foundation
import SlipwayCore
import SlipwayServices
import Testing

/// A CODING CI build's `TestResult` counts the JUnit files its `junit` steps published, and a
/// build with failing tests ends unstable (Jenkins's UNSTABLE), which CODING shows as FAILED.
@Suite struct CITestResultTests {
    static let jenkinsfile = #"""
        pipeline {
            agent any
            stages {
                stage('Test') {
                    steps {
                        sh '''mkdir -p reports
        printf '<testsuite name="u"><testcase name="a" time="0.5"/><testcase name="b" time="0.25"><failure message="no"/></testcase><testcase name="c"><skipped/></testcase></testsuite>' > reports/u.xml
        printf '<testsuite name="v"><testcase name="d" time="1"/></testsuite>' > reports/v.xml'''
                        junit 'reports/*.xml'
                    }
                }
                stage('Package') { steps { echo 'packaged' } }
            }
        }
        """#

    @Test(arguments: CodingStoreKind.enabled)
    func testResultsComeFromThePublishedJUnitFiles(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                await h.context.engine.addObserver(TaskEventPublisher(events: h.context.events))
                CIService(h.context).subscribe()
                let w = try await Workspace.make(h, in: scratch)
                let created = try await h.action("CreateCodingCIJob", CIFixture.createBody(w, jenkinsfile: Self.jenkinsfile))
                let jobID = Int64(try #require(created.response["Data"]["Id"].int, "\(created.text)"))
                let f = CIFixture(h: h, w: w, jobID: jobID)
                let build = try await f.finished(try await f.trigger())
                let result = build["TestResult"]
                #expect(result["Empty"].bool == false, "\(build)")
                #expect(result["TotalCount"].int == 4 && result["PassCount"].int == 2, "\(result)")
                #expect(result["FailCount"].int == 1 && result["SkipCount"].int == 1, "\(result)")
                #expect(result["Duration"].int == 1750, "\(result)")
                #expect(build["Status"].string == "FAILED", "failing tests leave the build unstable: \(build)")
                let log = try await h.action("DescribeCodingCIBuildLog", #"{"BuildId":\#(build["Id"].int ?? 0),"Start":0}"#)
                #expect(log.response["Data"]["Log"].string?.contains("1 test case(s) failed: the build is unstable") == true, "\(log.text)")
                // The commit status it leaves is a failure, so a required check stays red.
                let sha = try await w.rev("HEAD")
                var states: [String] = []
                for _ in 0..<100 {
                    states = try await h.store.branchProtections.statuses(depotID: w.depotID, sha: sha).map(\.state.rawValue)
                    if states != ["pending"], !states.isEmpty { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(states == ["failure"], "\(states)")
            }
        }
    }
}
