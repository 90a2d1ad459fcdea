import Foundation
import SlipwayCore
import SlipwayStore

/// CODING agile releases (issue 16): a project's releases, numbered per project, spanning
/// iterations; the issues planned into those iterations are the release's scope.
package struct AgileReleaseService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }

    /// What a create or change sets; nil leaves a field as it is.
    package struct Input: Sendable {
        package var name: String?
        package var description: String?
        package var assigneeID: Int64?
        package var startDate: Int64?
        package var releaseDate: Int64?
        package var iterationCodes: [Int64]?

        package init() {}
    }

    /// A release with its iterations and the counts of the issues in its scope.
    package struct Summary: Sendable {
        package var release: AgileRelease
        package var iterations: [Iteration]
        package var counts: Iteration.Counts
        /// The numeric id of the release's project.
        package var projectID: Int64
        package var progress: AgileRelease.Progress { AgileRelease.Progress(counts) }
    }

    package func create(projectKey: String, _ input: Input, by user: User) async throws -> Summary {
        try await access.require(user, projectKey: projectKey, write: true)
        guard input.name != nil else { throw SlipwayError.invalidInput("Name is required") }
        let now = EpochMillis.now()
        var release = AgileRelease(projectKey: projectKey, name: "")
        release.creatorUID = user.uid
        release.createdAt = now
        release.updatedAt = now
        try await apply(input, to: &release)
        return try await summary(try await store.agileReleases.create(release))
    }

    package func release(projectKey: String, code: Int64, by user: User) async throws -> Summary {
        try await summary(try await find(projectKey: projectKey, code: code, by: user, write: false))
    }

    package func modify(projectKey: String, code: Int64, _ input: Input, by user: User) async throws -> Summary {
        var release = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try await apply(input, to: &release)
        release.updatedAt = EpochMillis.now()
        try await store.agileReleases.update(release)
        return try await summary(release)
    }

    /// Delete a release; its iterations and their issues stay.
    package func delete(projectKey: String, code: Int64, by user: User) async throws {
        let release = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try await store.agileReleases.delete(id: release.id)
    }

    /// The releases an issue is in: those spanning its iteration.
    package func releases(projectKey: String, issueCode: Int64, by user: User) async throws -> [Summary] {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let issue = try await store.issues.get(projectKey: projectKey, code: issueCode) else {
            throw SlipwayError.notFound("issue \(issueCode) not found in project \(projectKey)")
        }
        guard let iteration = issue.iterationID else { return [] }
        return try await summaries(try await store.agileReleases.spanning(iterationID: iteration))
    }

    /// Numeric ids of the users releases name.
    package func people(_ summaries: [Summary]) async throws -> PlanningPeople {
        try await access.people(summaries.flatMap { [$0.release.assigneeUID, $0.release.creatorUID] })
    }

    func find(projectKey: String, code: Int64, by user: User, write: Bool) async throws -> AgileRelease {
        try await access.require(user, projectKey: projectKey, write: write)
        guard let release = try await store.agileReleases.get(projectKey: projectKey, code: code) else {
            throw SlipwayError.notFound("release \(code) not found in project \(projectKey)")
        }
        return release
    }

    func summary(_ release: AgileRelease) async throws -> Summary {
        try await summaries([release])[0]
    }

    func summaries(_ releases: [AgileRelease]) async throws -> [Summary] {
        let ids = Array(Set(releases.flatMap(\.iterationIDs)))
        let counts = try await store.iterations.counts(iterationIDs: ids)
        var iterations: [Int64: Iteration] = [:]
        for id in ids { iterations[id] = try await store.iterations.get(id: id) }
        let keys = Array(Set(releases.map(\.projectKey)))
        let projectIDs = try await store.numericIDs.projectIDs(keys: keys)
        return releases.map { release in
            var total = Iteration.Counts()
            for id in release.iterationIDs {
                let c = counts[id] ?? Iteration.Counts()
                total.todo += c.todo
                total.processing += c.processing
                total.completed += c.completed
            }
            let linked = release.iterationIDs.compactMap { iterations[$0] }.sorted { $0.code < $1.code }
            return Summary(release: release, iterations: linked, counts: total, projectID: projectIDs[release.projectKey] ?? 0)
        }
    }

    func apply(_ input: Input, to release: inout AgileRelease) async throws {
        if let name = input.name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 255 else { throw SlipwayError.invalidInput("Name must be 1…255 characters") }
            release.name = trimmed
        }
        if let description = input.description {
            guard description.utf8.count <= 65_536 else { throw SlipwayError.invalidInput("Description is too long") }
            release.description = description
        }
        if let assignee = input.assigneeID {
            release.assigneeUID = ""
            if assignee != 0 { release.assigneeUID = try await access.memberUID(assignee, projectKey: release.projectKey, field: "Assignee") }
        }
        if let start = input.startDate { release.startDate = max(0, start) }
        if let date = input.releaseDate { release.releaseDate = max(0, date) }
        if release.startDate > 0, release.releaseDate > 0, release.startDate > release.releaseDate {
            throw SlipwayError.invalidInput("StartDate must not be after ReleaseDate")
        }
        if let codes = input.iterationCodes {
            guard codes.count <= 100 else { throw SlipwayError.invalidInput("IterationCodes must list at most 100 iterations") }
            var ids: [Int64] = []
            for code in Set(codes) {
                guard let iteration = try await store.iterations.get(projectKey: release.projectKey, code: code) else {
                    throw SlipwayError.notFound("iteration \(code) not found in project \(release.projectKey)")
                }
                ids.append(iteration.id)
            }
            release.iterationIDs = ids.sorted()
        }
    }
}
