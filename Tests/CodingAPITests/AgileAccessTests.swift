import Foundation
import SlipwayCore
import Testing

@testable import CodingAPI

/// Every agile release, program and collaboration-template action: a valid call, a bad call (a
/// clear error, nothing stored), and calls without permission (no token, a token lacking the
/// scope, a stranger, a read-only member for changes, a developer where administrators are
/// needed), on both stores.
@Suite struct AgileAccessTests {
    enum Who { case admin, dev, reader }

    /// action, valid fields, who makes the valid call, bad fields and the error they give.
    static let cases: [(action: String, valid: String, who: Who, bad: String, code: String)] = [
        (
            "CreateRelease", #""Name":"v3","StartDate":"2026-03-01","ReleaseDate":"2026-04-01","IterationCodes":[2]"#, .dev,
            #""Name":"v4","StartDate":"2026-05-01","ReleaseDate":"2026-04-01""#, "InvalidParameterValue"
        ),
        ("DescribeRelease", #""ReleaseCode":1"#, .reader, #""ReleaseCode":99"#, "ResourceNotFound"),
        ("ModifyRelease", #""ReleaseCode":1,"Name":"v1.1","IterationCodes":[1,2]"#, .dev, #""ReleaseCode":1,"IterationCodes":[99]"#, "ResourceNotFound"),
        ("DescribeReleaseList", #""SortKey":"CODE","SortValue":"DESC","Page":1,"PageSize":10"#, .reader, #""SortKey":"COLOR""#, "InvalidParameterValue"),
        ("DescribeReleaseIssueList", #""ReleaseCode":1,"Page":1,"PageSize":10"#, .reader, #""ReleaseCode":1,"IssueTypes":["STORY"]"#, "InvalidParameterValue"),
        ("DescribeIssueReleaseList", #""IssueCode":1"#, .reader, #""IssueCode":999"#, "ResourceNotFound"),
        ("DeleteRelease", #""ReleaseCode":2"#, .dev, #""ReleaseCode":99"#, "ResourceNotFound"),
        ("DescribeConfigTemplateList", #""TemplateType":"GLOBAL","PageNumber":1,"PageSize":20"#, .reader, #""TemplateType":"TEAM""#, "InvalidParameterValue"),
        ("InitProjectTemplate", #""TemplateType":"SCRUM","Sync":false"#, .admin, #""TemplateType":"KANBAN""#, "InvalidParameterValue"),
        (
            "CreateProgram", #"{"Name":"suite2","DisplayName":"Suite 2","StartDate":"1989-02-27","EndDate":"2003-05-04","Description":"d"}"#, .admin,
            #"{"Name":"bad name!","DisplayName":"x","StartDate":"2020-01-01","EndDate":"2020-01-02","Description":""}"#, "InvalidParameterValue"
        ),
        ("DescribePrograms", #"{"PageNumber":1,"PageSize":10,"Keyword":"sui"}"#, .reader, #"{"PageNumber":1,"PageSize":0}"#, "InvalidParameterValue"),
        ("CreateProgramProjects", #"{"ProgramId":1,"ProjectId":[1]}"#, .admin, #"{"ProgramId":1,"ProjectId":[999]}"#, "ResourceNotFound"),
        (
            "CreateProgramWorkItem", #"{"ProgramName":"suite","Name":"audit"}"#, .admin, #"{"ProgramName":"suite","Name":"x","Priority":"9"}"#,
            "InvalidParameterValue"
        ),
        (
            "ModifyWorkItemSplitIssues", #"{"ProgramName":"suite","WorkItemCode":1,"ProjectName":"alpha","IssueCode":4,"Split":true}"#, .dev,
            #"{"ProgramName":"suite","WorkItemCode":99,"ProjectName":"alpha","IssueCode":4,"Split":true}"#, "ResourceNotFound"
        ),
        ("DescribeIssueRelatedWorkItemList", #""IssueCode":1"#, .reader, #""IssueCode":999"#, "ResourceNotFound"),
        ("DescribeProgramProjects", #"{"ProgramId":1}"#, .reader, #"{"ProgramId":999}"#, "ResourceNotFound"),
        (
            "CreateProgramMemberPolicy", #"{"ProgramId":1,"PrincipalType":"USER","PrincipalId":"STRANGER","Policies":["ProgramMember"]}"#, .admin,
            #"{"ProgramId":1,"PrincipalType":"USER","PrincipalId":"999999","Policies":["ProgramMember"]}"#, "ResourceNotFound"
        ),
        (
            "DeleteProgramMemberPolicy", #"{"ProgramId":1,"PrincipalType":"USER","PrincipalId":"STRANGER","Policies":["ProgramMember"]}"#, .admin,
            #"{"ProgramId":1,"PrincipalType":"USER","PrincipalId":"STRANGER","Policies":["Owner"]}"#, "InvalidParameterValue"
        ),
    ]

    @Test func everyRegisteredActionIsCovered() {
        #expect(Set(CodingRoutes.agileActions().keys) == Set(Self.cases.map(\.action)))
    }

    /// The fixture's program, project and stranger ids in place of the `1`s and `STRANGER` of the table.
    static func ids(_ fields: String, _ f: AgileFixture) -> String {
        fields.replacingOccurrences(of: #""ProgramId":1"#, with: #""ProgramId":\#(f.programID)"#)
            .replacingOccurrences(of: "STRANGER", with: "\(f.strangerID)")
            .replacingOccurrences(of: #""ProjectId":[1]"#, with: #""ProjectId":[\#(f.projectID)]"#)
    }

    func account(_ who: Who) -> String {
        switch who {
        case .admin: return "admin"
        case .dev: return "dev"
        case .reader: return "reader"
        }
    }

    func token(_ who: Who, _ f: AgileFixture) -> String? {
        switch who {
        case .admin: return nil
        case .dev: return f.planning.dev
        case .reader: return f.planning.reader
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionRefusesCallersWithoutPermission(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            let p = f.planning
            for c in Self.cases {
                let valid = Self.ids(c.valid, f)
                #expect(try await f.error(c.action, valid, anonymous: true) == "AuthFailure", "\(c.action)")
                let scope = ActionScopes.required(for: c.action)
                #expect(try await f.error(c.action, valid, token: scope == "project" ? f.issueOnly : p.narrow) == "UnauthorizedOperation", "\(c.action)")
                if c.action == "DescribePrograms" {
                    let none = try await f.ok(c.action, valid, token: p.stranger)["Data"]
                    #expect(none["Programs"].array.isEmpty && none["TotalCount"].int == 0, "a stranger reads no program: \(none)")
                } else {
                    let strangerCode = c.action == "CreateProgram" ? "UnauthorizedOperation" : "ResourceNotFound"
                    #expect(try await f.errorAudited(c.action, valid, token: p.stranger, by: "stranger") == strangerCode, "\(c.action)")
                }
                switch c.who {
                case .reader: try await f.ok(c.action, valid, token: p.reader)
                case .dev: #expect(try await f.errorAudited(c.action, valid, token: p.reader, by: "reader") == "UnauthorizedOperation", "\(c.action)")
                case .admin:
                    #expect(try await f.errorAudited(c.action, valid, token: p.reader, by: "reader") == "UnauthorizedOperation", "\(c.action)")
                    #expect(try await f.errorAudited(c.action, valid, token: p.dev, by: "dev") == "UnauthorizedOperation", "\(c.action) by a developer")
                }
            }
            // Refused calls stored nothing.
            let releases = try await f.ok("DescribeReleaseList", "")["Data"]["List"].array
            #expect(releases.compactMap { $0["Code"].int } == [1, 2] && releases[0]["Name"].string == "v1")
            #expect(try await h.store.collaborationTemplates.get(projectKey: "alpha") == nil)
            #expect(try await h.store.programs.get(name: "suite2") == nil)
            let program = try #require(try await h.store.programs.get(name: "suite"))
            #expect(try await h.store.programs.workItem(programID: program.id, code: 2) == nil)
            let related = try await f.ok("DescribeIssueRelatedWorkItemList", #""IssueCode":4"#)["WorkItemList"].array
            #expect(related.isEmpty)
            #expect(
                try await h.store.programs.policies(programID: program.id, uid: try #require(try await h.store.users.find(account: "stranger")).uid).isEmpty)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func eachActionAnswersAValidCallAndRefusesABadOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            for c in Self.cases {
                let valid = Self.ids(c.valid, f), bad = Self.ids(c.bad, f)
                #expect(try await f.errorAudited(c.action, bad) == c.code, "\(c.action) \(bad)")
                try await f.okAudited(c.action, valid, token: token(c.who, f), by: account(c.who))
            }
            // What the valid calls did, and what the bad ones did not.
            let list = try await f.ok("DescribeReleaseList", "")["Data"]
            #expect(list["List"].array.compactMap { $0["Code"].int } == [1, 3] && list["TotalCount"].int == 2, "\(list)")
            let v1 = try await f.ok("DescribeRelease", #""ReleaseCode":1"#)["Release"]
            #expect(v1["Name"].string == "v1.1" && v1["Iterations"].array.compactMap { $0["Code"].int } == [1, 2], "\(v1)")
            #expect(v1["StartDate"].int == 1_767_225_600_000 && v1["ReleaseDate"].int == 1_769_904_000_000, "dates kept: \(v1)")
            let templates = try await f.ok("DescribeConfigTemplateList", #""TemplateType":"PROJECT""#)["ConfigTemplateList"].array
            #expect(templates.count == 1 && templates.first?["CooperateMode"].string == "SCRUM" && templates.first?["Scope"].string == "PROJECT")
            #expect(try await h.store.programs.get(name: "suite2") != nil)
            let work = try await f.ok("DescribeIssueRelatedWorkItemList", #""IssueCode":4"#)["WorkItemList"].array
            #expect(work.compactMap { $0["Code"].int } == [1] && work.first?["ProgramName"].string == "suite", "\(work)")
            #expect(work.first?["Project"]["Name"].string == "suite" && work.first?["Project"]["DisplayName"].string == "Suite", "\(work)")
        }
    }
}
