/// One test case's result in one run of a test (a `zadig-test` job of a task), kept per run so
/// results can be compared across runs (flaky tests).
package struct TestCaseResult: Sendable, Equatable, Codable {
    package var projectKey: String
    package var testName: String
    package var workflowKey: String
    package var taskID: Int
    package var jobName: String
    /// The case's position in the run's report.
    package var index: Int
    package var suite: String
    package var name: String
    package var classname: String
    package var outcome: JUnitOutcome
    /// Seconds.
    package var time: Double
    package var message: String
    package var type: String
    package var text: String
    /// The commit the test ran on (the first repository's, `""` when the test checked out none).
    package var commit: String
    package var recordedAt: EpochMillis

    package init(
        projectKey: String, testName: String, workflowKey: String, taskID: Int, jobName: String, index: Int, suite: String = "",
        name: String, classname: String = "", outcome: JUnitOutcome, time: Double = 0, message: String = "", type: String = "",
        text: String = "", commit: String = "", recordedAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.testName = testName
        self.workflowKey = workflowKey
        self.taskID = taskID
        self.jobName = jobName
        self.index = index
        self.suite = suite
        self.name = name
        self.classname = classname
        self.outcome = outcome
        self.time = time
        self.message = message
        self.type = type
        self.text = text
        self.commit = commit
        self.recordedAt = recordedAt
    }

    /// The results of one run from its report.
    package static func results(
        of report: JUnitReport, projectKey: String, testName: String, workflowKey: String, taskID: Int, jobName: String, commit: String,
        at time: EpochMillis = .now()
    ) -> [TestCaseResult] {
        var results: [TestCaseResult] = []
        for suite in report.suites {
            for c in suite.cases {
                results.append(
                    TestCaseResult(
                        projectKey: projectKey, testName: testName, workflowKey: workflowKey, taskID: taskID, jobName: jobName,
                        index: results.count, suite: suite.name, name: c.name, classname: c.classname, outcome: c.outcome, time: c.time,
                        message: c.message, type: c.type, text: c.text, commit: commit, recordedAt: time))
            }
        }
        return results
    }

    /// As a report case again (the counts of a stored run).
    package var junitCase: JUnitCase {
        JUnitCase(name: name, classname: classname, time: time, outcome: outcome, message: message, type: type, text: text)
    }
}

/// A test case that both passed and failed (or errored) on the same commit.
package struct FlakyTestCase: Sendable, Equatable {
    package var testName: String
    package var classname: String
    package var name: String
    /// The commits it flipped on, newest first.
    package var commits: [String]
    package var passes: Int
    package var failures: Int
    package var lastSeen: EpochMillis

    package init(testName: String, classname: String, name: String, commits: [String], passes: Int, failures: Int, lastSeen: EpochMillis) {
        self.testName = testName
        self.classname = classname
        self.name = name
        self.commits = commits
        self.passes = passes
        self.failures = failures
        self.lastSeen = lastSeen
    }
}
