import Foundation
import SlipwayCore

/// Filling a test plan from a CODING CI build's JUnit results (issue 16; Slipway's extension
/// `CodingCIBuildId` of CreateTestResults).
///
/// Matching: a plan case whose title (trimmed) equals a JUnit case's `classname.name` takes that
/// case's outcome; otherwise one whose title equals a JUnit case's `name`. Outcomes: passed →
/// PASSED, failed or error → FAILED, skipped → BLOCKED (CODING has no skip status). When several
/// JUnit cases match one title, a failure wins over a pass, and a pass over a skip. Cases that
/// match nothing keep their result.
extension TestExecutionService {
    /// Set the tests of run `runID` from the JUnit results of CI build `buildID`, which must
    /// have finished in a job of the same project; how many tests were set.
    @discardableResult
    package func recordResults(projectKey: String, runID: Int64, ciBuildID buildID: Int64, by user: User) async throws -> Int {
        try await access.require(user, projectKey: projectKey, write: true)
        let ci = CIService(context)
        let build = try await ci.build(buildID, by: user)
        guard build.job.projectKey == projectKey else {
            throw SlipwayError.invalidInput("CodingCIBuildId \(buildID) is a build of another project, not of \(projectKey)")
        }
        guard let task = build.task, task.status.isCompleted else {
            throw SlipwayError.failedPrecondition("CI build \(buildID) has not finished yet")
        }
        guard let report = ci.testReport(build) else {
            throw SlipwayError.failedPrecondition("CI build \(buildID) published no JUnit test results")
        }
        let tests = try await openTests(projectKey: projectKey, runID: runID)
        let cases = try await repository.cases(projectKey: projectKey, ids: Array(Set(tests.map(\.caseID))))
        let results = Self.statuses(of: report.cases)
        let titles = Dictionary(cases.map { ($0.id, $0.title.trimmingCharacters(in: .whitespacesAndNewlines)) }, uniquingKeysWith: { a, _ in a })
        var statuses: [Int64: TestStatus] = [:]
        for test in tests {
            guard let title = titles[test.caseID], let status = results.qualified[title] ?? results.named[title]
            else { continue }
            statuses[test.id] = status
        }
        try await repository.setTestStatuses(statuses, testerUID: user.uid, at: EpochMillis.now())
        return statuses.count
    }

    /// The status of each JUnit case by `classname.name` (cases with a class) and by `name`.
    static func statuses(of cases: [JUnitCase]) -> (qualified: [String: TestStatus], named: [String: TestStatus]) {
        var qualified: [String: TestStatus] = [:], named: [String: TestStatus] = [:]
        func merge(_ status: TestStatus, into map: inout [String: TestStatus], key: String) {
            let rank: [TestStatus: Int] = [.blocked: 0, .passed: 1, .failed: 2]
            if let old = map[key], rank[old, default: 0] >= rank[status, default: 0] { return }
            map[key] = status
        }
        for junit in cases {
            let status: TestStatus =
                switch junit.outcome {
                case .passed: .passed
                case .failed, .error: .failed
                case .skipped: .blocked
                }
            merge(status, into: &named, key: junit.name)
            if !junit.classname.isEmpty { merge(status, into: &qualified, key: "\(junit.classname).\(junit.name)") }
        }
        return (qualified, named)
    }
}
