import Foundation
import SlipwayCore
import Testing

/// Labels and modules on issues, end to end on both stores: an issue created with a label and a
/// module, labels added, removed and replaced, both shown by DescribeIssue and the issue lists,
/// searched by LABEL and MODULE, every change in the issue's log, and deleting a label or a
/// module taking it off the issues.
@Suite struct IssueLabelScenarioTests {
    @Test(arguments: CodingStoreKind.enabled)
    func labelsAndModulesOnIssues(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueLabelFixture.make(h), p = f.planning
            let created = try await p.ok(
                "CreateIssue", f.fields(#""Type":"MISSION","Name":"labelled","Priority":"1","LabelIds":[{bug}],"ProjectModuleId":{core}"#),
                token: p.dev)["Issue"]
            let code = created["Code"].int ?? 0
            #expect(Self.labels(created) == ["bug #FF0000"], "\(created["Labels"])")
            #expect(created["ProjectModule"]["Id"].int == f.core && created["ProjectModule"]["Name"].string == "core")

            var issue = try await p.ok("ModifyIssue", f.fields(#""IssueCode":\#(code),"LabelIds":[{ui}],"DelLabelIds":[{bug}]"#), token: p.dev)["Issue"]
            #expect(Self.labels(issue) == ["ui #00AA00"], "\(issue["Labels"])")
            issue = try await p.ok("ModifyIssue", f.fields(#""IssueCode":\#(code),"UpdateLabelIds":[{bug},{ui}]"#))["Issue"]
            #expect(Self.labels(issue) == ["bug #FF0000", "ui #00AA00"])
            issue = try await p.ok("DescribeIssue", #""IssueCode":\#(code)"#, token: p.reader)["Issue"]
            #expect(Self.labels(issue) == ["bug #FF0000", "ui #00AA00"] && issue["ProjectModule"]["Name"].string == "core")

            // The lists show the labels; LABEL and MODULE search.
            func search(_ key: String, _ value: String, const: String? = nil) async throws -> [JSONValue] {
                let constant = const.map { #","ConstValue":"\#($0)""# } ?? ""
                let body = #""IssueType":"ALL","PageNumber":1,"PageSize":50,"Conditions":[{"Key":"\#(key)","Value":"\#(value)"\#(constant)}]"#
                return try await p.ok("DescribeIssueListWithPage", body, token: p.reader)["Data"]["List"].array
            }
            let byLabel = try await search("LABEL", "\(f.ui)")
            #expect(byLabel.map { $0["Code"].int } == [code] && Self.labels(byLabel.first ?? .null) == ["bug #FF0000", "ui #00AA00"])
            #expect(try await search("LABEL", "\(f.bug),\(f.ui)").count == 1)
            #expect(try await search("LABEL", "", const: "UNSPECIFIC").count == 5)
            #expect(try await search("MODULE", "\(f.core)").map { $0["Code"].int } == [code])
            #expect(try await search("MODULE", "", const: "UNSPECIFIC").count == 5)
            let old = try await p.ok("DescribeIssueList", #""IssueType":"MISSION","Limit":10"#)["IssueList"].array
            #expect(old.first { $0["Code"].int == code }.map(Self.labels) == ["bug #FF0000", "ui #00AA00"])
            #expect(try await p.error("DescribeIssueListWithPage", #""IssueType":"ALL","Conditions":[{"Key":"LABEL","Value":"x"}]"#) == "InvalidParameterValue")

            // Ids must be labels and modules of the issue's project, and bounded.
            let other = try await h.makeProject("beta")
            let foreign = try await p.ok("CreateProjectLabel", ##"{"ProjectId":\##(other),"Name":"bug","Color":"#000000"}"##)["Label"]["Id"].int ?? 0
            let foreignModule = try await p.ok("CreateIssueModule", #"{"ProjectName":"beta","Name":"core"}"#)["IssueModule"]["Id"].int ?? 0
            let before = try await f.snapshot()
            let many = "[" + (1...101).map(String.init).joined(separator: ",") + "]"
            for bad in [
                #""LabelIds":[999]"#, #""LabelIds":[\#(foreign)]"#, #""DelLabelIds":[999]"#, #""UpdateLabelIds":[\#(foreign)]"#,
                #""ProjectModuleId":999"#, #""ProjectModuleId":\#(foreignModule)"#, #""LabelIds":\#(many)"#, #""LabelIds":["x"]"#,
            ] {
                let error = try await p.error("ModifyIssue", #""IssueCode":\#(code),"Name":"renamed",\#(bad)"#)
                #expect(error == "InvalidParameterValue" || error == "InvalidParameter", "\(bad): \(error)")
            }
            #expect(try await p.error("CreateIssue", #""Type":"MISSION","Name":"x","Priority":"1","LabelIds":[\#(foreign)]"#) == "InvalidParameterValue")
            #expect(try await p.error("ModifyIssue", f.fields(#""IssueCode":\#(code),"LabelIds":[{bug}]"#), token: p.reader) == "UnauthorizedOperation")
            #expect(try await f.snapshot() == before, "a refused change stores nothing")
            #expect(try await p.ok("DescribeIssue", #""IssueCode":\#(code)"#)["Issue"]["Name"].string == "labelled")

            // The log records each change.
            let log = try await p.ok("DescribeIssueLogList", #""IssueCode":\#(code)"#)["IssueList"].array
            let changes = log.filter { ["LABEL", "MODULE"].contains($0["Target"].string ?? "") }
                .map { "\($0["ActionType"].string ?? "") \($0["Target"].string ?? "") \(Self.name($0["Content"]))" }
            // Created with bug; ui added and bug taken off; bug put back by UpdateLabelIds.
            #expect(changes.sorted() == ["ADD LABEL bug", "ADD LABEL bug", "ADD LABEL ui", "REMOVE LABEL bug"], "\(changes)")
            issue = try await p.ok("ModifyIssue", #""IssueCode":\#(code),"ProjectModuleId":0"#)["Issue"]
            #expect(issue["ProjectModule"]["Id"].int == 0 && issue["ProjectModule"]["Name"].string == "")
            try await p.ok("ModifyIssue", f.fields(#""IssueCode":\#(code),"ProjectModuleId":{core}"#))
            let modules = try await p.ok("DescribeIssueLogList", #""IssueCode":\#(code),"Target":"MODULE""#)["IssueList"].array
            #expect(modules.map { Self.name($0["Content"]) }.sorted() == ["core", "无"], "\(modules)")

            // Deleting a label or a module takes it off the issues.
            let deleted = try await p.ok("DeleteProjectLabel", f.fields(#"{"ProjectId":{project},"LabelId":{ui}}"#), token: p.dev)
            #expect(deleted["Succeed"].bool == true && deleted["Label"]["Name"].string == "ui")
            #expect(Self.labels(try await p.ok("DescribeIssue", #""IssueCode":\#(code)"#)["Issue"]) == ["bug #FF0000"])
            #expect(try await search("LABEL", "\(f.ui)").isEmpty)
            try await p.ok("DeleteIssueModule", f.fields(#""ModuleId":{core}"#), token: p.dev)
            #expect(try await p.ok("DescribeIssue", #""IssueCode":\#(code)"#)["Issue"]["ProjectModule"]["Id"].int == 0)
            #expect(try await p.ok("DescribeIssueModuleList", "")["IssueModules"].array.isEmpty)
            let labels = try await p.ok("DescribeAllProjectLabels", f.fields(#"{"ProjectId":{project}}"#))["Labels"].array
            #expect(labels.map { $0["Name"].string ?? "" } == ["bug"])

            // DescribeProjectLabels: the projects having a label of that name.
            let projects = try await p.ok("DescribeProjectLabels", #"{"Label":"bug"}"#)["ProjectList"].array.map { $0["Name"].string ?? "" }
            #expect(projects == ["alpha", "beta"], "\(projects)")
            #expect(try await p.ok("DescribeProjectLabels", #"{"Label":"bug"}"#, token: p.dev)["ProjectList"].array.count == 1)
        }
    }

    static func labels(_ issue: JSONValue) -> [String] {
        issue["Labels"].array.map { "\($0["Name"].string ?? "") \($0["Color"].string ?? "")" }
    }

    /// The `name` of a log entry's JSON content.
    static func name(_ content: JSONValue) -> String {
        JSONValue(text: content.string ?? "{}")["value"]["name"].string ?? JSONValue(text: content.string ?? "{}")["name"].string ?? ""
    }
}
