import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every implemented action the vendor specifies answers with the fields and value types its
/// response schema in `coding-openapi.yaml` requires (issue 10, point 16).
@Suite("CODING answers conform to the vendor's response schemas")
struct ResponseSchemaTests {
    @Test func theValidatorCatchesMissingFieldsAndWrongTypes() throws {
        let schemas = try ResponseSchemas.load()
        let good = JSONValue(text: #"{"Response":{"RequestId":"r","Data":{"BlobSha":"a","Content":"","Encoding":"base64","Size":3}}}"#)
        #expect(schemas.violations(of: "DescribeGitBlob", in: good).isEmpty)
        let bad = JSONValue(text: #"{"Response":{"RequestId":"r","Data":{"BlobSha":"a","Content":"","Encoding":"base64","Size":"3"}}}"#)
        #expect(schemas.violations(of: "DescribeGitBlob", in: bad) == ["Response.Data.Size: string \"3\", not an integer"])
        let none = JSONValue(text: #"{"Response":{"RequestId":"r"}}"#)
        #expect(schemas.violations(of: "DescribeGitBlob", in: none) == ["Response.Data is required"])
    }

    @Test(arguments: CodingStoreKind.enabled)
    func everyImplementedActionAnswersInTheVendorsShape(_ kind: CodingStoreKind) async throws {
        let schemas = try ResponseSchemas.load()
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let scenario = SchemaScenario(h: h, w: try await Workspace.make(h, in: scratch), schemas: schemas)
                let people = try await scenario.projectsAndPeople()
                try await scenario.refsAndCommits()
                try await scenario.filesObjectsAndReplays()
                try await scenario.mergeRequests(people)
                try await scenario.protectionKeysAndReleases(people)
                try await scenario.depotLifecycle(people)
                try await scenario.agents()
                try await scenario.deployTargets()
                try await scenario.deployApplications()
                try await scenario.deployPipelines()
                try await scenario.ci()
                try await scenario.planning()
                try await scenario.testManagement()
                try await scenario.wiki()
                try await scenario.agile()
                try await scenario.issueActivity()
                try await scenario.issueLabels()

                let ledger = scenario.ledger
                let failures = await ledger.failures, violations = await ledger.violations
                #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
                #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
                let specified = Set(CodingRoutes.actionTable().keys).intersection(schemas.actions.keys)
                let unexercised = specified.subtracting(await ledger.answered).sorted()
                #expect(unexercised.isEmpty, "not exercised: \(unexercised)")
                #expect(specified.count >= 130)
            }
        }
    }
}
