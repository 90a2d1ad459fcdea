import SlipwayCore
import SlipwayStore

/// Test cases linked to the issues they cover: set through a case's `IssueCodes`, listed per
/// issue (DescribeRelatedCaseList) and per requirement (DescribeRequirementTestCaseList).
extension TestCaseService {
    /// The ids of the project's issues `codes` (at most 100), each of which must exist.
    func issueIDs(projectKey: String, codes: [Int64]) async throws -> [Int64] {
        guard codes.count <= 100 else { throw SlipwayError.invalidInput("IssueCodes must have at most 100 entries") }
        var ids: [Int64] = []
        for code in Set(codes).sorted() {
            guard let issue = try await store.issues.get(projectKey: projectKey, code: code) else {
                throw SlipwayError.invalidInput("IssueCodes: issue \(code) not found in project \(projectKey)")
            }
            ids.append(issue.id)
        }
        return ids
    }

    /// The cases linked to issue `code` of a project.
    package func relatedCases(projectKey: String, code: Int64, by user: User) async throws -> [TestCase] {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let issue = try await store.issues.get(projectKey: projectKey, code: code) else {
            throw SlipwayError.notFound("issue \(code) not found in project \(projectKey)")
        }
        return try await repository.cases(linkedTo: issue.id)
    }

    /// The cases linked to requirement `code` (CODING's `IssueId`: the number the issue shows).
    package func requirementCases(projectKey: String, code: Int64, by user: User) async throws -> [TestCase] {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let issue = try await store.issues.get(projectKey: projectKey, code: code) else {
            throw SlipwayError.notFound("requirement \(code) not found in project \(projectKey)")
        }
        guard issue.kind == .requirement else { throw SlipwayError.invalidInput("issue \(code) is not a REQUIREMENT") }
        return try await repository.cases(linkedTo: issue.id)
    }
}
