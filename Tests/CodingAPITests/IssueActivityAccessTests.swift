import Foundation
import SQLKit
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every issue-activity action (log, custom fields, filters, field settings, workbench, files,
/// linked cases, attachments): a valid call, a bad call (a clear error, nothing stored), and calls
/// without permission (no token, a token without `project:issue`, a stranger, a read-only member
/// for changes), on both stores. Fixture: `IssueActivityFixture`.
@Suite struct IssueActivityAccessTests {
    /// action, valid fields, bad fields and the error they give.
    static let cases: [(action: String, valid: String, bad: String, code: String)] = [
        ("DescribeIssueLogList", #""IssueCode":1,"ActionType":"UPDATE","Target":"CUSTOM_FIELD""#, #""IssueCode":1,"Target":"MOOD""#, "InvalidParameterValue"),
        ("DescribeIssueCustomFieldLogList", #""IssueCode":1,"FieldName":"parts""#, #""IssueCode":1,"FieldName":"nope""#, "ResourceNotFound"),
        ("DescribeIssueFilterList", #""IssueType":"REQUIREMENT""#, #""IssueType":"STORY""#, "InvalidParameterValue"),
        ("DescribeProjectIssueFieldList", #""IssueType":"REQUIREMENT""#, #""IssueTypeId":99"#, "InvalidParameterValue"),
        ("DescribeWorkbenchIssueList", #""ProjectId":{project},"PageSize":10"#, #""ProjectId":{project},"PageSize":501"#, "InvalidParameterValue"),
        (
            "CreateIssueCustomField", #""Name":"size","ComponentType":"TEXT_INTEGER","IssueTypes":["DEFECT","MISSION"]"#,
            #""Name":"size","ComponentType":"SLIDER","IssueTypes":["DEFECT"]"#, "InvalidParameterValue"
        ),
        ("DescribeIssueFileUrl", #""FileId":1"#, #""FileId":99"#, "ResourceNotFound"),
        ("DescribeRelatedCaseList", #""IssueCode":1"#, #""IssueCode":99"#, "ResourceNotFound"),
        ("CreateAttachmentPrepareSignUrl", #""FileName":"report.pdf""#, #""FileName":"../../etc/passwd""#, "InvalidParameterValue"),
        ("DescribeRequirementTestCaseList", #""IssueId":1"#, #""IssueId":4"#, "InvalidParameterValue"),
    ]

    @Test func everyActionIsRegisteredAndCovered() {
        let table = CodingRoutes.ownActions()
        #expect(Self.cases.allSatisfy { table[$0.action] != nil })
        #expect(Self.cases.allSatisfy { ActionScopes.required(for: $0.action) == "project:issue" })
    }

    static func fields(_ text: String, _ project: Int64) -> String { text.replacingOccurrences(of: "{project}", with: "\(project)") }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            let project = try #require(try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"])
            let before = try await Self.snapshot(f)
            for c in Self.cases {
                let valid = Self.fields(c.valid, project)
                #expect(try await f.error(c.action, valid, anonymous: true) == "AuthFailure", "\(c.action)")
                #expect(try await f.error(c.action, valid, token: f.narrow) == "UnauthorizedOperation", "\(c.action)")
                #expect(try await f.errorAudited(c.action, valid, token: f.stranger, by: "stranger") == "ResourceNotFound", "\(c.action)")
                if c.action.hasPrefix("Describe") {
                    try await f.ok(c.action, valid, token: f.reader)
                } else {
                    #expect(try await f.errorAudited(c.action, valid, token: f.reader, by: "reader") == "UnauthorizedOperation", "\(c.action)")
                }
            }
            // Defining fields is for administrators, not developers.
            #expect(try await f.error("CreateIssueCustomField", Self.fields(Self.cases[5].valid, project), token: f.dev) == "UnauthorizedOperation")
            #expect(try await Self.snapshot(f) == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            let project = try #require(try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"])
            for c in Self.cases {
                let before = try await Self.snapshot(f)
                #expect(try await f.errorAudited(c.action, Self.fields(c.bad, project)) == c.code, "\(c.action) \(c.bad)")
                #expect(try await Self.snapshot(f) == before, "\(c.action): a refused call changes nothing")
                let read = c.action.hasPrefix("Describe")
                try await f.okAudited(c.action, Self.fields(c.valid, project), token: read ? f.reader : nil, by: read ? "reader" : "admin")
            }
            let fields = try await f.ok("DescribeProjectIssueFieldList", #""IssueType":"DEFECT""#)["ProjectIssueFieldList"].array
            #expect(fields.last?["IssueField"]["Name"].string == "size" && fields.last?["IssueField"]["Type"].string == "CUSTOM", "\(fields)")
        }
    }

    /// Fields, values, attachments, linked cases and log entries project alpha holds.
    static func snapshot(_ f: PlanningFixture) async throws -> [String] {
        let sql = f.h.store.sql
        var counts: [String] = []
        for table in ["issue_logs", "issue_fields", "issue_field_values", "issue_attachments", "test_case_issues", "uploads"] {
            let n = try await sql.read { db in
                try await db.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            counts.append("\(table) \(n)")
        }
        return counts
    }
}
