import Foundation
import SlipwayCore
import SlipwayStore

/// CODING iterations (issue 16): sprints of a project, numbered per project, that start, complete
/// (moving unfinished issues on) and restart, and into which requirements, missions and defects
/// are planned.
package struct IterationService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }

    /// What a create or change sets; nil leaves a field as it is.
    package struct Input: Sendable {
        package var name: String?
        package var goal: String?
        package var assigneeID: Int64?
        package var startAt: Int64?
        package var endAt: Int64?

        package init() {}
    }

    /// An iteration with its issue counts.
    package struct Summary: Sendable {
        package var iteration: Iteration
        package var counts: Iteration.Counts
    }

    package enum Operation: String, Sendable {
        case start, complete, restart
    }

    package func create(projectKey: String, _ input: Input, by user: User) async throws -> Summary {
        try await access.require(user, projectKey: projectKey, write: true)
        let now = EpochMillis.now()
        var iteration = Iteration(projectKey: projectKey, name: "")
        iteration.creatorUID = user.uid
        iteration.createdAt = now
        iteration.updatedAt = now
        try await apply(input, to: &iteration)
        return Summary(iteration: try await store.iterations.create(iteration), counts: Iteration.Counts())
    }

    package func iteration(projectKey: String, code: Int64, by user: User) async throws -> Summary {
        try await summary(try await find(projectKey: projectKey, code: code, by: user, write: false))
    }

    package func modify(projectKey: String, code: Int64, _ input: Input, by user: User) async throws -> Summary {
        var iteration = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try await apply(input, to: &iteration)
        iteration.updatedAt = EpochMillis.now()
        try await store.iterations.update(iteration)
        return try await summary(iteration)
    }

    /// Delete an iteration; its issues stay, in no iteration.
    package func delete(projectKey: String, code: Int64, by user: User) async throws {
        let iteration = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try await store.iterations.delete(id: iteration.id)
    }

    /// Start (waiting → processing), complete (processing → completed, unfinished issues moved to
    /// iteration `moveTo` or out of any) or restart (completed → processing).
    package func transition(
        projectKey: String, code: Int64, _ operation: Operation, moveTo: Int64, by user: User
    ) async throws -> Summary {
        var iteration = try await find(projectKey: projectKey, code: code, by: user, write: true)
        let allowed: [Operation: Iteration.Status] = [.start: .waiting, .complete: .processing, .restart: .completed]
        guard iteration.status == allowed[operation] else {
            throw SlipwayError.failedPrecondition("cannot \(operation.rawValue) an iteration that is \(iteration.status.rawValue)")
        }
        let now = EpochMillis.now()
        iteration.updatedAt = now
        switch operation {
        case .start, .restart:
            iteration.status = .processing
            iteration.starterUID = user.uid
            try await store.iterations.update(iteration)
        case .complete:
            var target: Int64?
            if moveTo != 0 {
                guard moveTo != code, let next = try await store.iterations.get(projectKey: projectKey, code: moveTo), next.status != .completed
                else { throw SlipwayError.invalidInput("JoinIterationCode \(moveTo) is not another open iteration of project \(projectKey)") }
                target = next.id
            }
            iteration.status = .completed
            iteration.completerUID = user.uid
            try await store.iterations.complete(iteration, moveUnfinishedTo: target)
        }
        return try await summary(iteration)
    }

    /// Plan issues into iteration `code` (0: take them out of their iteration).
    package func plan(projectKey: String, code: Int64, issueCodes: [Int64], by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        guard !issueCodes.isEmpty, issueCodes.count <= 500 else { throw SlipwayError.invalidInput("IssueCode must list 1…500 issues") }
        var target: Int64?
        if code != 0 {
            guard let iteration = try await store.iterations.get(projectKey: projectKey, code: code) else {
                throw SlipwayError.notFound("iteration \(code) not found in project \(projectKey)")
            }
            target = iteration.id
        }
        var ids: [Int64] = []
        for issueCode in Set(issueCodes) {
            guard let issue = try await store.issues.get(projectKey: projectKey, code: issueCode) else {
                throw SlipwayError.notFound("issue \(issueCode) not found in project \(projectKey)")
            }
            if target != nil, issue.kind == .epic || issue.kind == .subTask {
                throw SlipwayError.invalidInput("\(issue.kind.rawValue) issue \(issueCode) cannot be planned into an iteration")
            }
            ids.append(issue.id)
        }
        try await store.iterations.plan(issueIDs: ids, into: target, at: EpochMillis.now())
    }

    package func list(_ filter: IterationFilter, by user: User) async throws -> (summaries: [Summary], total: Int) {
        try await access.require(user, projectKey: filter.projectKey, write: false)
        let (iterations, total) = try await store.iterations.list(filter)
        let counts = try await store.iterations.counts(iterationIDs: iterations.map(\.id))
        return (iterations.map { Summary(iteration: $0, counts: counts[$0.id] ?? Iteration.Counts()) }, total)
    }

    /// Numeric ids of the users iterations name.
    package func people(_ iterations: [Iteration]) async throws -> PlanningPeople {
        try await access.people(iterations.flatMap { [$0.assigneeUID, $0.creatorUID, $0.starterUID, $0.completerUID] })
    }

    func find(projectKey: String, code: Int64, by user: User, write: Bool) async throws -> Iteration {
        try await access.require(user, projectKey: projectKey, write: write)
        guard let iteration = try await store.iterations.get(projectKey: projectKey, code: code) else {
            throw SlipwayError.notFound("iteration \(code) not found in project \(projectKey)")
        }
        return iteration
    }

    func summary(_ iteration: Iteration) async throws -> Summary {
        Summary(iteration: iteration, counts: try await store.iterations.counts(iterationIDs: [iteration.id])[iteration.id] ?? Iteration.Counts())
    }

    func apply(_ input: Input, to iteration: inout Iteration) async throws {
        if let name = input.name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 255 else { throw SlipwayError.invalidInput("Name must be 1…255 characters") }
            iteration.name = trimmed
        }
        if let goal = input.goal {
            guard goal.utf8.count <= 65_536 else { throw SlipwayError.invalidInput("Goal is too long") }
            iteration.goal = goal
        }
        if let assignee = input.assigneeID {
            iteration.assigneeUID = ""
            if assignee != 0 { iteration.assigneeUID = try await access.memberUID(assignee, projectKey: iteration.projectKey, field: "Assignee") }
        }
        if let start = input.startAt { iteration.startAt = start }
        if let end = input.endAt { iteration.endAt = end }
        if iteration.startAt > 0, iteration.endAt > 0, iteration.startAt > iteration.endAt {
            throw SlipwayError.invalidInput("StartAt must not be after EndAt")
        }
    }
}
