import Foundation
import SlipwayCore

extension SchemaScenario {
    /// Issue activity in project alpha: a custom field, an attachment, a linked case, and every
    /// registered issue-activity action once.
    func issueActivity() async throws {
        func p(_ fields: String) -> String { #"{"ProjectName":"alpha",\#(fields)}"# }
        let field = try await call("CreateIssueCustomField", p(#""Name":"schema field","ComponentType":"TEXT_INTEGER","IssueTypes":["REQUIREMENT"]"#))
        let fieldID = field["IssueField"]["Id"].int ?? 0
        let prepared = try await call("CreateAttachmentPrepareSignUrl", p(#""FileName":"schema.txt""#))["Data"]["AttachmentPrepare"]
        let file = prepared["AttachmentId"].int ?? 0
        let put = try await IssueActivityFixture.put(h, url: prepared["PrepareSignUrl"].string ?? "", bytes: Array("schema".utf8), token: h.adminToken)
        if !put["Error"].isNull { await ledger.fail("upload to the pre-signed URL: \(put)") }
        let created = try await call(
            "CreateIssue",
            p(#""Type":"REQUIREMENT","Name":"schema issue","Priority":"1","FileIds":[\#(file)],"CustomFieldValues":[{"Id":\#(fieldID),"Content":"3"}]"#))
        let code = created["Issue"]["Code"].int ?? 0
        let section = try await call("CreateTestCaseSection", p(#""Name":"schema links""#))["Data"]["Section"]["Id"].int ?? 0
        try await call("CreateTestCase", p(#""SectionId":\#(section),"Title":"linked","TemplateType":"TEXT","IssueCodes":[\#(code)]"#))
        try await call("DescribeIssueLogList", p(#""IssueCode":\#(code)"#))
        try await call("DescribeIssueCustomFieldLogList", p(#""IssueCode":\#(code),"FieldName":"schema field""#))
        try await call("DescribeIssueFilterList", p(#""IssueType":"ALL""#))
        try await call("DescribeProjectIssueFieldList", p(#""IssueType":"REQUIREMENT""#))
        try await call("DescribeWorkbenchIssueList", #"{"ProjectId":0,"PageNumber":1,"PageSize":20}"#)
        try await call("DescribeIssueFileUrl", p(#""FileId":\#(file)"#))
        try await call("DescribeRelatedCaseList", p(#""IssueCode":\#(code)"#))
        try await call("DescribeRequirementTestCaseList", p(#""IssueId":\#(code)"#))
    }
}

extension SchemaScenario {
    /// Project labels and issue modules in project alpha: every action once, and an issue
    /// carrying a label and a module.
    func issueLabels() async throws {
        func p(_ fields: String) -> String { #"{"ProjectName":"alpha",\#(fields)}"# }
        let project = try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"] ?? 0
        let label = try await call("CreateProjectLabel", ##"{"ProjectId":\##(project),"Name":"schema label","Color":"#C6C8CC"}"##)["Label"]["Id"].int ?? 0
        try await call("ModifyProjectLabel", ##"{"ProjectId":\##(project),"LabelId":\##(label),"Name":"schema label 2","Color":"#5A606B"}"##)
        let module = try await call("CreateIssueModule", p(#""Name":"schema module""#))["IssueModule"]["Id"].int ?? 0
        try await call("CreateIssue", p(#""Type":"MISSION","Name":"labelled","Priority":"1","LabelIds":[\#(label)],"ProjectModuleId":\#(module)"#))
        try await call("DescribeAllProjectLabels", #"{"ProjectId":\#(project)}"#)
        try await call("DescribeProjectLabels", #"{"Label":"schema label 2"}"#)
        try await call("DescribeIssueModuleList", #"{"ProjectName":"alpha"}"#)
        try await call("DescribeIssueListWithPage", p(#""IssueType":"ALL","PageNumber":1,"PageSize":10"#))
        try await call("DeleteIssueModule", p(#""ModuleId":\#(module)"#))
        try await call("DeleteProjectLabel", #"{"ProjectId":\#(project),"LabelId":\#(label)}"#)
    }
}
