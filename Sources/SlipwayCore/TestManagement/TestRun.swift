/// A result status of a test, as CODING spells it; a step is `PASSED` or `FAILED`.
package enum TestStatus: String, Sendable, CaseIterable, Codable {
    case untested = "UNTESTED"
    case passed = "PASSED"
    case blocked = "BLOCKED"
    case retest = "RETEST"
    case failed = "FAILED"

    package static let stepStatuses: [TestStatus] = [.passed, .failed]
}

/// A test plan: cases chosen (all of the project's, or some) to be executed, each as a `RunTest`.
package struct TestRun: Sendable, Equatable {
    package enum ExecuteType: Int64, Sendable {
        case manual = 1
        case pipeline = 2
    }

    package var id: Int64 = 0
    package var projectKey: String
    package var name: String
    package var includeAll: Bool = false
    package var description: String = ""
    package var assigneeUID: String = ""
    package var executeType: ExecuteType = .manual
    /// The case section the plan is about; -1: none.
    package var sectionID: Int64 = -1
    package var gitDepotID: Int64 = 0
    /// The iteration the plan tests (0: none).
    package var iterationID: Int64 = 0
    /// The release of `gitDepotID` the plan tests (0: none).
    package var gitReleaseID: Int64 = 0
    package var isCompleted: Bool = false
    package var completedAt: Int64 = 0
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, name: String) {
        self.projectKey = projectKey
        self.name = name
    }
}

/// How many tests of a run stand at each status.
package struct TestCounts: Sendable, Equatable {
    package var byStatus: [TestStatus: Int] = [:]

    package init(_ statuses: [TestStatus] = []) {
        for status in statuses { byStatus[status, default: 0] += 1 }
    }

    package subscript(_ status: TestStatus) -> Int { byStatus[status] ?? 0 }
    package var total: Int { byStatus.values.reduce(0, +) }

    /// 0 not started (nothing tested), 1 in progress, 2 finished (archived or all tested).
    package func state(completed: Bool) -> Int64 {
        if completed || (total > 0 && self[.untested] == 0) { return 2 }
        return self[.untested] == total ? 0 : 1
    }
}

/// The result of one step of a test.
package struct StepResult: Sendable, Equatable, Codable {
    package var status: TestStatus
    package var actual: String

    package init(status: TestStatus, actual: String = "") {
        self.status = status
        self.actual = actual
    }
}

/// A case inside a run: its result, who tested it when, and each step's result (index 0 is step 1).
package struct RunTest: Sendable, Equatable {
    package var id: Int64 = 0
    package var runID: Int64
    package var caseID: Int64
    package var status: TestStatus = .untested
    package var assigneeUID: String = ""
    package var testerUID: String = ""
    package var testedAt: Int64 = 0
    package var sort: Int64 = 0
    package var stepResults: [StepResult?] = []

    package init(runID: Int64, caseID: Int64) {
        self.runID = runID
        self.caseID = caseID
    }
}

/// What a run list is narrowed to; nil fields do not filter.
package struct TestRunFilter: Sendable {
    package var projectKey: String
    package var isCompleted: Bool?
    package var executeType: TestRun.ExecuteType?
    package var sectionID: Int64?
    package var keyword: String = ""
    /// Plans in one of these iterations (`IterationId`), or in an iteration at one of these statuses.
    package var iterationIDs: [Int64]?
    package var iterationStatuses: [Iteration.Status]?
    /// Plans of a release that is published (true) or not yet (false, a pre-release).
    package var released: Bool?

    package init(projectKey: String) {
        self.projectKey = projectKey
    }
}
