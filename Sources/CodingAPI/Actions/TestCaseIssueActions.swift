import SlipwayCore
import SlipwayServices

/// Test cases linked to issues (a case's `IssueCodes`): per issue (§2.2 DescribeRelatedCaseList)
/// and per requirement (§2.18 DescribeRequirementTestCaseList).
struct TestCaseIssueActions: Sendable {
    func service(_ call: ActionCall) -> TestCaseService { TestCaseService(call.services.context) }

    /// DescribeRelatedCaseList: `Cases` [{Id, Name, Priority}] of issue `IssueCode`.
    @Sendable func describeRelatedCaseList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let cases = try await service(call).relatedCases(projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), by: call.user)
        return RelatedCaseListOutput(Cases: cases.map { .init(Id: $0.id, Name: $0.title, Priority: $0.priority) })
    }

    /// DescribeRequirementTestCaseList: the cases of requirement `IssueId` (the number the issue shows), as DescribeTestCaseList answers.
    @Sendable func describeRequirementTestCaseList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let cases = try await service(call).requirementCases(projectKey: try p.string("ProjectName"), code: try p.int("IssueId"), by: call.user)
        let people = try await service(call).people(cases.map(\.creatorUID))
        return TestCaseListOutput(Data: .init(Cases: cases.map { TestCaseDTO($0, people) }))
    }
}

struct RelatedCaseListOutput: ActionOutput {
    struct Case: Encodable, Sendable {
        var Id: Int64
        var Name: String
        var Priority: Int64
    }

    var Cases: [Case]
}
