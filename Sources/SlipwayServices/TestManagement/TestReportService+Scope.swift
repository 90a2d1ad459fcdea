import SlipwayCore
import SlipwayStore

/// What a report is about beyond its plans' results: the iteration they share, and the
/// requirements in scope (how far they are done, how many its cases cover). The scope is the
/// requirements planned in the plans' iterations, or, when the plans are in none, every
/// requirement of the project.
extension TestReportService {
    /// The most requirements counted for coverage.
    static let maxRequirements = 5000

    /// The iterations the runs are linked to (each read once).
    func iterations(of runs: [TestRun]) async throws -> [Iteration] {
        var found: [Iteration] = []
        for id in Set(runs.map(\.iterationID)).sorted() where id > 0 {
            if let iteration = try await store.iterations.get(id: id) { found.append(iteration) }
        }
        return found
    }

    /// The iteration every run of the report is linked to, if they share one.
    static func sharedIteration(_ runs: [TestRun], _ iterations: [Iteration]) -> Iteration? {
        let ids = Set(runs.map(\.iterationID))
        guard ids.count == 1, let id = ids.first, id > 0 else { return nil }
        return iterations.first { $0.id == id }
    }

    /// The requirements in scope (those planned in `iterations`, the runs' iterations) and which
    /// of them a case of `tests` covers.
    func requirements(projectKey: String, runs: [TestRun], iterations: [Iteration], tests: [RunTest]) async throws -> (all: [Issue], covered: Int) {
        let codes = iterations.map(\.code)
        if codes.isEmpty && runs.contains(where: { $0.iterationID > 0 }) { return ([], 0) }
        var query = IssueQuery(projectKey: projectKey)
        query.conditions = [.kinds([.requirement])]
        if !codes.isEmpty { query.conditions.append(.iterations(codes)) }
        query.limit = Self.maxRequirements
        let requirements = try await store.issues.list(query).issues
        let covered = try await repository.linkedIssueIDs(caseIDs: tests.map(\.caseID))
        return (requirements, requirements.filter { covered.contains($0.id) }.count)
    }
}
