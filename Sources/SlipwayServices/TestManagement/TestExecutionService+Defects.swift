import Foundation
import SlipwayCore
import SlipwayStore

/// Defects linked to tests: real issues of type DEFECT of the same project (`IssueService`).
extension TestExecutionService {
    /// Defect issues with the people they name.
    package struct Defects: Sendable {
        package var issues: [Issue]
        package var people: PlanningPeople
    }

    /// Link defect `defectCode` (an issue of type DEFECT in the project) to test `id`.
    package func linkDefect(projectKey: String, id: Int64, defectCode: Int64, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let test = try await find(projectKey: projectKey, id: id)
        let defect = try await IssueService(context).issue(projectKey: projectKey, code: defectCode, by: user).issue
        guard defect.kind == .defect else {
            throw SlipwayError.invalidInput("DefectId \(defectCode) is a \(defect.kind.rawValue), not a DEFECT")
        }
        try await repository.linkDefect(projectKey: projectKey, testID: test.id, issueID: defect.id, at: EpochMillis.now())
    }

    /// The defects linked to test `id`, or to any test of the project (nil), each once.
    package func defects(projectKey: String, id: Int64?, by user: User) async throws -> Defects {
        try await access.require(user, projectKey: projectKey, write: false)
        let testIDs: [Int64]
        if let id {
            testIDs = [try await find(projectKey: projectKey, id: id).id]
        } else {
            testIDs = try await repository.tests(projectKey: projectKey).map(\.id)
        }
        return try await defects(testIDs: testIDs)
    }

    func defects(testIDs: [Int64]) async throws -> Defects {
        var order: [Int64] = []
        for link in try await repository.defectLinks(testIDs: testIDs) where !order.contains(link.issueID) { order.append(link.issueID) }
        let found = try await store.issues.issues(ids: order)
        let issues = order.compactMap { found[$0] }
        return Defects(issues: issues, people: try await access.people(issues.flatMap { [$0.assigneeUID, $0.creatorUID] }))
    }
}
