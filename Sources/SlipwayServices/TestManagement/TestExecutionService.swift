import Foundation
import SlipwayCore
import SlipwayStore

/// Executing CODING test plans (issue 16): the tests of a run, their results (overall and per
/// step, each write one transaction), and the defect issues linked to them.
package struct TestExecutionService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }
    var repository: TestManagementRepository { store.testManagement }

    /// A test with its case, run and the path of section names down to the case.
    package struct Detail: Sendable {
        package var test: RunTest
        package var testCase: TestCase
        package var run: TestRun
        package var sectionPath: [String]
    }

    /// What tests of a run are narrowed to.
    package struct Filter: Sendable {
        package var projectKey: String
        package var runID: Int64?
        package var priority: Int64?
        package var status: TestStatus?

        package init(projectKey: String) {
            self.projectKey = projectKey
        }
    }

    package func test(projectKey: String, id: Int64, by user: User) async throws -> Detail {
        try await access.require(user, projectKey: projectKey, write: false)
        let test = try await find(projectKey: projectKey, id: id)
        return try await details([test], projectKey: projectKey)[0]
    }

    /// The tests of a run (or of every run of the project), by run and sort.
    package func tests(_ filter: Filter, by user: User) async throws -> [Detail] {
        try await access.require(user, projectKey: filter.projectKey, write: false)
        let tests: [RunTest]
        if let runID = filter.runID {
            guard try await repository.run(projectKey: filter.projectKey, id: runID) != nil else {
                throw SlipwayError.notFound("test run \(runID) not found in project \(filter.projectKey)")
            }
            tests = try await repository.tests(runIDs: [runID])
        } else {
            tests = try await repository.tests(projectKey: filter.projectKey)
        }
        return try await details(tests, projectKey: filter.projectKey).filter { detail in
            (filter.status.map { $0 == detail.test.status } ?? true) && (filter.priority.map { $0 == detail.testCase.priority } ?? true)
        }
    }

    /// Record `status` (and step statuses, in step order) for the test of case `caseID` in run `runID`.
    package func recordCaseResult(
        projectKey: String, runID: Int64, caseID: Int64, status: TestStatus, steps: [TestStatus], by user: User
    ) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let tests = try await openTests(projectKey: projectKey, runID: runID)
        guard let test = tests.first(where: { $0.caseID == caseID }) else {
            throw SlipwayError.notFound("test case \(caseID) is not in test run \(runID)")
        }
        try await record([test], projectKey: projectKey, status: status, steps: steps, by: user)
    }

    /// Record `status` (and step statuses) for test `id`.
    package func recordTestResult(projectKey: String, id: Int64, status: TestStatus, steps: [TestStatus], by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let test = try await openTest(projectKey: projectKey, id: id)
        try await record([test], projectKey: projectKey, status: status, steps: steps, by: user)
    }

    /// Record the same `status` for the tests of cases `caseIDs` in run `runID`, all or none.
    package func recordResults(projectKey: String, runID: Int64, caseIDs: [Int64], status: TestStatus, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let tests = try await openTests(projectKey: projectKey, runID: runID)
        var chosen: [RunTest] = []
        for caseID in caseIDs {
            guard let test = tests.first(where: { $0.caseID == caseID }) else {
                throw SlipwayError.notFound("test case \(caseID) is not in test run \(runID)")
            }
            if !chosen.contains(test) { chosen.append(test) }
        }
        try await record(chosen, projectKey: projectKey, status: status, steps: [], by: user)
    }

    /// Record the result and actual outcome of step `index` (1-based) of test `id`, and optionally the test's status.
    package func recordStepResult(
        projectKey: String, id: Int64, index: Int, stepStatus: TestStatus, actual: String, status: TestStatus?, by user: User
    ) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        guard TestStatus.stepStatuses.contains(stepStatus) else { throw SlipwayError.invalidInput("StepStatus must be PASSED or FAILED") }
        guard actual.utf8.count <= TestCase.maxTextLength else { throw SlipwayError.invalidInput("Actual is too long") }
        let test = try await openTest(projectKey: projectKey, id: id)
        let testCase = try await caseOf(test, projectKey: projectKey)
        guard index >= 1, index <= testCase.customSteps.count else {
            throw SlipwayError.invalidInput(
                "StepIndex must be 1…\(testCase.customSteps.count): case \(testCase.id) has \(testCase.customSteps.count) steps")
        }
        let (tester, now) = (user.uid, EpochMillis.now())
        try await repository.changeTests(ids: [test.id]) { test in
            while test.stepResults.count < index { test.stepResults.append(nil) }
            test.stepResults[index - 1] = StepResult(status: stepStatus, actual: actual)
            if let status { test.status = status }
            test.testerUID = tester
            test.testedAt = now
        }
    }

    func record(_ tests: [RunTest], projectKey: String, status: TestStatus, steps: [TestStatus], by user: User) async throws {
        guard steps.allSatisfy(TestStatus.stepStatuses.contains) else {
            throw SlipwayError.invalidInput("CustomStepStatus values must be PASSED or FAILED")
        }
        if !steps.isEmpty {
            for test in tests {
                let count = try await caseOf(test, projectKey: projectKey).customSteps.count
                guard steps.count <= count else {
                    throw SlipwayError.invalidInput("CustomStepStatus has \(steps.count) statuses but case \(test.caseID) has \(count) steps")
                }
            }
        }
        let (tester, now) = (user.uid, EpochMillis.now())
        try await repository.changeTests(ids: tests.map(\.id)) { test in
            for (index, step) in steps.enumerated() {
                while test.stepResults.count <= index { test.stepResults.append(nil) }
                test.stepResults[index] = StepResult(status: step, actual: test.stepResults[index]?.actual ?? "")
            }
            test.status = status
            test.testerUID = tester
            test.testedAt = now
        }
    }

    func find(projectKey: String, id: Int64) async throws -> RunTest {
        guard let test = try await repository.test(projectKey: projectKey, id: id) else {
            throw SlipwayError.notFound("test \(id) not found in project \(projectKey)")
        }
        return test
    }

    /// Test `id`, whose run must not be archived.
    func openTest(projectKey: String, id: Int64) async throws -> RunTest {
        let test = try await find(projectKey: projectKey, id: id)
        _ = try await openTests(projectKey: projectKey, runID: test.runID)
        return test
    }

    /// The tests of run `runID`, which must exist and not be archived.
    func openTests(projectKey: String, runID: Int64) async throws -> [RunTest] {
        guard let run = try await repository.run(projectKey: projectKey, id: runID) else {
            throw SlipwayError.notFound("test run \(runID) not found in project \(projectKey)")
        }
        guard !run.isCompleted else { throw SlipwayError.failedPrecondition("test run \(runID) is archived and takes no more results") }
        return try await repository.tests(runIDs: [runID])
    }

    func caseOf(_ test: RunTest, projectKey: String) async throws -> TestCase {
        guard let testCase = try await repository.testCase(projectKey: projectKey, id: test.caseID) else {
            throw SlipwayError.notFound("test case \(test.caseID) not found")
        }
        return testCase
    }

    func details(_ tests: [RunTest], projectKey: String) async throws -> [Detail] {
        let cases = try await repository.cases(projectKey: projectKey, ids: Array(Set(tests.map(\.caseID))))
        let sections = try await repository.sections(projectKey: projectKey)
        var runs: [Int64: TestRun] = [:]
        for id in Set(tests.map(\.runID)) { runs[id] = try await repository.run(projectKey: projectKey, id: id) }
        return tests.compactMap { test in
            guard let testCase = cases.first(where: { $0.id == test.caseID }), let run = runs[test.runID] else { return nil }
            return Detail(test: test, testCase: testCase, run: run, sectionPath: TestCaseService.path(to: testCase.sectionID, in: sections))
        }
    }
}
