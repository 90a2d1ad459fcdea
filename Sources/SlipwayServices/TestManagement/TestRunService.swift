import Foundation
import SlipwayCore
import SlipwayStore

/// CODING test plans ("runs", issue 16): all of a project's cases or some, each becoming a test
/// to execute; counted by result; archived when done (an archived run takes no more results).
package struct TestRunService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }
    var repository: TestManagementRepository { store.testManagement }

    /// What a run create or change sets; nil leaves a field as it is.
    package struct Input: Sendable {
        package var name: String?
        package var includeAll: Bool?
        package var caseIDs: [Int64]?
        package var assigneeID: Int64?
        package var description: String?
        package var executeType: TestRun.ExecuteType?
        package var sectionID: Int64?
        package var gitDepotID: Int64?
        /// The code of the iteration the plan tests (0: none).
        package var iterationCode: Int64?
        /// The release of the plan's repository it tests (0: none).
        package var gitReleaseID: Int64?

        package init() {}
    }

    /// A run with its counts and the names it shows.
    package struct Summary: Sendable {
        package var run: TestRun
        package var counts: TestCounts
        package var sectionName: String
        package var depotName: String
        package var iteration: Iteration?
        package var release: GitRelease?
        package var people: PlanningPeople
    }

    package func create(projectKey: String, _ input: Input, by user: User) async throws -> Summary {
        try await access.require(user, projectKey: projectKey, write: true)
        let now = EpochMillis.now()
        var run = TestRun(projectKey: projectKey, name: "")
        run.creatorUID = user.uid
        run.createdAt = now
        run.updatedAt = now
        let caseIDs = try await apply(input, to: &run) ?? []
        return try await summary(try await repository.createRun(run, caseIDs: caseIDs))
    }

    /// Change a run; `includeAll` or `caseIDs` choose its cases again (kept cases keep their results).
    package func modify(projectKey: String, id: Int64, _ input: Input, by user: User) async throws -> Summary {
        var run = try await find(projectKey: projectKey, id: id, by: user, write: true)
        guard !run.isCompleted else { throw SlipwayError.failedPrecondition("test run \(id) is archived and cannot change") }
        let caseIDs = try await apply(input, to: &run)
        run.updatedAt = EpochMillis.now()
        try await repository.updateRun(run, caseIDs: caseIDs)
        return try await summary(run)
    }

    package func delete(projectKey: String, id: Int64, by user: User) async throws {
        let run = try await find(projectKey: projectKey, id: id, by: user, write: true)
        try await repository.deleteRun(id: run.id)
    }

    /// Archive (complete) a run.
    package func archive(projectKey: String, id: Int64, by user: User) async throws -> Summary {
        var run = try await find(projectKey: projectKey, id: id, by: user, write: true)
        guard !run.isCompleted else { throw SlipwayError.failedPrecondition("test run \(id) is already archived") }
        let now = EpochMillis.now()
        run.isCompleted = true
        run.completedAt = now
        run.updatedAt = now
        try await repository.updateRun(run, caseIDs: nil)
        return try await summary(run)
    }

    package func run(projectKey: String, id: Int64, by user: User) async throws -> Summary {
        try await summary(try await find(projectKey: projectKey, id: id, by: user, write: false))
    }

    /// Runs matching the filter, newest first, with counts and a `state` filter (0, 1, 2) applied on them.
    package func list(_ filter: TestRunFilter, state: Int64?, by user: User) async throws -> [Summary] {
        try await access.require(user, projectKey: filter.projectKey, write: false)
        var summaries: [Summary] = []
        for run in try await repository.runs(filter) {
            let s = try await summary(run)
            if let state, s.counts.state(completed: run.isCompleted) != state { continue }
            summaries.append(s)
        }
        return summaries
    }

    func find(projectKey: String, id: Int64, by user: User, write: Bool) async throws -> TestRun {
        try await access.require(user, projectKey: projectKey, write: write)
        guard let run = try await repository.run(projectKey: projectKey, id: id) else {
            throw SlipwayError.notFound("test run \(id) not found in project \(projectKey)")
        }
        return run
    }

    func summary(_ run: TestRun) async throws -> Summary {
        let tests = try await repository.tests(runIDs: [run.id])
        let sectionName = run.sectionID > 0 ? try await repository.section(projectKey: run.projectKey, id: run.sectionID)?.name ?? "" : ""
        let depotName = run.gitDepotID > 0 ? try await store.depots.get(id: run.gitDepotID)?.name ?? "" : ""
        return Summary(
            run: run, counts: TestCounts(tests.map(\.status)), sectionName: sectionName, depotName: depotName,
            iteration: run.iterationID > 0 ? try await store.iterations.get(id: run.iterationID) : nil,
            release: run.gitReleaseID > 0 ? try await store.gitReleases.get(id: run.gitReleaseID) : nil,
            people: try await access.people([run.assigneeUID, run.creatorUID]))
    }

    /// Apply `input`; the cases the run should hold when they are chosen again, else nil.
    func apply(_ input: Input, to run: inout TestRun) async throws -> [Int64]? {
        if let name = input.name {
            guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, name.count <= 255 else {
                throw SlipwayError.invalidInput("Name must be 1…255 characters")
            }
            run.name = name
        }
        if let description = input.description {
            guard description.utf8.count <= TestCase.maxTextLength else { throw SlipwayError.invalidInput("Description is too long") }
            run.description = description
        }
        if let assignee = input.assigneeID {
            run.assigneeUID = assignee == 0 ? "" : try await access.memberUID(assignee, projectKey: run.projectKey, field: "AssignedToId")
        }
        if let type = input.executeType { run.executeType = type }
        if let section = input.sectionID {
            if section > 0, try await repository.section(projectKey: run.projectKey, id: section) == nil {
                throw SlipwayError.invalidInput("SectionId \(section) is not a test case section of project \(run.projectKey)")
            }
            run.sectionID = section > 0 ? section : -1
        }
        if let depotID = input.gitDepotID {
            if depotID != 0 {
                guard let depot = try await store.depots.get(id: depotID), depot.projectKey == run.projectKey else {
                    throw SlipwayError.invalidInput("GitDepotId \(depotID) is not a depot of project \(run.projectKey)")
                }
            }
            run.gitDepotID = depotID
        }
        try await link(input, to: &run)
        if let includeAll = input.includeAll { run.includeAll = includeAll }
        guard input.includeAll != nil || input.caseIDs != nil else { return nil }
        if run.includeAll {
            return try await repository.cases(TestCaseFilter(projectKey: run.projectKey)).map(\.id)
        }
        var ids: [Int64] = []
        for id in input.caseIDs ?? [] where !ids.contains(id) { ids.append(id) }
        guard ids.count <= 5000 else { throw SlipwayError.invalidInput("a run holds at most 5000 cases") }
        let found = Set(try await repository.cases(projectKey: run.projectKey, ids: ids).map(\.id))
        if let missing = ids.first(where: { !found.contains($0) }) {
            throw SlipwayError.invalidInput("Cases: test case \(missing) not found in project \(run.projectKey)")
        }
        return ids
    }
}
