import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every project-label and issue-module action: a valid call, a bad call (a clear error, nothing
/// stored), and calls without permission (no token, a token lacking `project:issue`, a stranger,
/// a read-only member for changes), on both stores. Fixture: `IssueLabelFixture`.
@Suite struct IssueLabelAccessTests {
    /// action, valid body, bad body and the error it gives; `{…}` are the fixture's ids, a body
    /// not starting with `{` is added to `ProjectName` alpha. Deletions come last.
    static let cases: [(action: String, valid: String, bad: String, code: String)] = [
        (
            "CreateProjectLabel", ##"{"ProjectId":{project},"Name":"perf","Color":"#123abc"}"##, ##"{"ProjectId":{project},"Name":"perf","Color":"red"}"##,
            "InvalidParameterValue"
        ),
        (
            "ModifyProjectLabel", ##"{"ProjectId":{project},"LabelId":{bug},"Name":"defect","Color":"#ABCDEF"}"##,
            ##"{"ProjectId":{project},"LabelId":999,"Name":"x","Color":"#ABCDEF"}"##, "ResourceNotFound"
        ),
        ("DescribeAllProjectLabels", #"{"ProjectId":{project}}"#, #"{"ProjectId":999}"#, "ResourceNotFound"),
        ("DescribeProjectLabels", #"{"Label":"ui"}"#, #"{"Label":"\#(String(repeating: "l", count: 65))"}"#, "InvalidParameterValue"),
        ("CreateIssueModule", #""Name":"web""#, #""Name":"core""#, "FailedOperation"),
        ("DescribeIssueModuleList", "", #"{"ProjectName":"nope"}"#, "ResourceNotFound"),
        ("DeleteProjectLabel", #"{"ProjectId":{project},"LabelId":{ui}}"#, #"{"ProjectId":{project},"LabelId":999}"#, "ResourceNotFound"),
        ("DeleteIssueModule", #""ModuleId":{core}"#, #""ModuleId":999"#, "ResourceNotFound"),
    ]

    @Test func everyActionIsRegisteredAndCovered() {
        let table = CodingRoutes.ownActions()
        #expect(Self.cases.allSatisfy { table[$0.action] != nil })
        #expect(Self.cases.allSatisfy { ActionScopes.required(for: $0.action) == "project:issue" })
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueLabelFixture.make(h), p = f.planning
            let before = try await f.snapshot()
            for c in Self.cases {
                let valid = f.fields(c.valid)
                #expect(try await p.error(c.action, valid, anonymous: true) == "AuthFailure", "\(c.action)")
                #expect(try await p.error(c.action, valid, token: p.narrow) == "UnauthorizedOperation", "\(c.action)")
                if c.action == "DescribeProjectLabels" {
                    // A project search: a stranger finds none of the projects it cannot see.
                    #expect(try await p.ok(c.action, valid, token: p.stranger)["ProjectList"].array.isEmpty)
                } else {
                    #expect(try await p.error(c.action, valid, token: p.stranger) == "ResourceNotFound", "\(c.action)")
                }
                if c.action.hasPrefix("Describe") {
                    try await p.ok(c.action, valid, token: p.reader)
                } else {
                    #expect(try await p.error(c.action, valid, token: p.reader) == "UnauthorizedOperation", "\(c.action)")
                }
            }
            #expect(try await f.snapshot() == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueLabelFixture.make(h), p = f.planning
            for c in Self.cases {
                let before = try await f.snapshot()
                #expect(try await p.error(c.action, f.fields(c.bad)) == c.code, "\(c.action) \(c.bad)")
                #expect(try await f.snapshot() == before, "\(c.action): a refused call changes nothing")
                try await p.ok(c.action, f.fields(c.valid), token: c.action.hasPrefix("Describe") ? p.reader : p.dev)
            }
        }
    }

    /// Names and colours are checked: empty, too long, duplicate, not `#RRGGBB`.
    @Test(arguments: CodingStoreKind.enabled)
    func labelAndModuleInputIsBounded(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueLabelFixture.make(h), p = f.planning
            let before = try await f.snapshot()
            let long = String(repeating: "n", count: 65)
            for (name, color, code) in [
                ("", "#FFFFFF", "MissingParameter"), (" ", "#FFFFFF", "InvalidParameterValue"), (long, "#FFFFFF", "InvalidParameterValue"),
                ("bug", "#FFFFFF", "FailedOperation"),
                ("x", "#FFF", "InvalidParameterValue"), ("x", "#GGGGGG", "InvalidParameterValue"), ("x", "", "MissingParameter"),
            ] {
                let body = f.fields(#"{"ProjectId":{project},"Name":"\#(name)","Color":"\#(color)"}"#)
                let error = try await p.error("CreateProjectLabel", body)
                #expect(error == code, "\(name) \(color): \(error)")
            }
            #expect(
                try await p.error("ModifyProjectLabel", f.fields(##"{"ProjectId":{project},"LabelId":{ui},"Name":"bug","Color":"#FFFFFF"}"##))
                    == "FailedOperation")
            #expect(try await p.error("CreateProjectLabel", f.fields(#"{"ProjectId":{project},"Name":"x"}"#)) == "MissingParameter")
            #expect(try await p.error("CreateIssueModule", #""Name":"\#(long)""#) == "InvalidParameterValue")
            #expect(try await p.error("CreateIssueModule", #""Name":"  ""#) == "InvalidParameterValue")
            // A label of another project is not found through this one.
            let other = try await h.makeProject("beta")
            #expect(try await p.error("DeleteProjectLabel", #"{"ProjectId":\#(other),"LabelId":\#(f.bug)}"#) == "ResourceNotFound")
            #expect(try await p.error("DeleteIssueModule", #"{"ProjectName":"beta","ModuleId":\#(f.core)}"#) == "ResourceNotFound")
            #expect(try await f.snapshot() == before, "a refused call changes nothing")
            let made = try await p.ok("CreateProjectLabel", f.fields(##"{"ProjectId":{project},"Name":" perf ","Color":"#abcdef"}"##))["Label"]
            #expect(made["Name"].string == "perf" && made["Color"].string == "#ABCDEF" && made["ProjectId"].int == f.projectID, "\(made)")
            #expect((made["CreatorId"].int ?? 0) > 0)
        }
    }
}
