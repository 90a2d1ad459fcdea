import SlipwayCore

extension SchemaScenario {
    /// Issues, iterations and work hours in project alpha: every planning action once.
    func planning() async throws {
        func p(_ fields: String) -> String { #"{"ProjectName":"alpha",\#(fields)}"# }
        try await call("DescribeTeamIssueTypeList", "{}")
        try await call("DescribeProjectIssueTypeList", #"{"ProjectName":"alpha"}"#)
        try await call("DescribeProjectIssueStatusList", p(#""IssueType":"REQUIREMENT""#))
        let sprint = try await call("CreateIteration", p(#""Name":"schema sprint","StartAt":"2026-01-05","EndAt":"2026-01-16""#))
        let it = sprint["Iteration"]["Code"].int ?? 0
        let requirement = try await call("CreateIssue", p(#""Type":"REQUIREMENT","Name":"schema","Priority":"1","IterationCode":\#(it)"#))
        let req = requirement["Issue"]["Code"].int ?? 0
        let sub = try await call("CreateIssue", p(#""Type":"SUB_TASK","Name":"part","Priority":"1","ParentCode":\#(req)"#))["Issue"]["Code"].int ?? 0
        let defect = try await call("CreateIssue", p(#""Type":"DEFECT","Name":"bug","Priority":"3""#))["Issue"]["Code"].int ?? 0
        try await call("DescribeIssue", p(#""IssueCode":\#(sub)"#))
        try await call("ModifyIssue", p(#""IssueCode":\#(req),"StatusId":2,"WorkingHours":3"#))
        try await call("ModifyIssueDescription", p(#""IssueCode":\#(req),"Description":"why""#))
        try await call("DescribeIssueListWithPage", p(#""IssueType":"ALL","PageNumber":1,"PageSize":10,"Conditions":[{"Key":"PRIORITY","Value":"1"}]"#))
        try await call("DescribeIssueList", p(#""IssueType":"ALL","Offset":0,"Limit":10"#))
        try await call("DescribeSubIssueList", p(#""IssueCode":\#(req)"#))
        try await call("ModifyIssueParentRequirement", p(#""IssueCode":\#(sub),"ParentIssueCode":\#(req)"#))
        try await call("CreateIssueBlock", p(#""IssueCode":\#(req),"BlockIssueCode":\#(defect)"#))
        try await call("DescribeBlockIssueList", p(#""IssueCode":\#(defect)"#))
        try await call("DescribeBlockedByIssueList", p(#""IssueCode":\#(req)"#))
        try await call("DeleteIssueBlock", p(#""IssueCode":\#(req),"BlockIssueCode":\#(defect)"#))
        try await call("CreateRequirementDefectRelation", p(#""RequirementCode":\#(req),"DefectCode":\#(defect)"#))
        try await call("ModifyDefectRelatedRequirement", p(#""RequirementCode":\#(req),"DefectCode":\#(defect)"#))
        try await call("DescribeRequirementDefectRelation", p(#""RequirementCode":\#(req)"#))
        try await call("DescribeIssueStatusChangeLogList", p(#""IssueCode":[\#(req)]"#))
        try await call("CreateIssueComment", p(#""IssueCode":\#(req),"Content":"looks good","ParentId":0"#))
        let comments = try await call("DescribeIssueCommentList", p(#""IssueCode":\#(req)"#))
        let comment = comments["CommentList"][0]["CommentId"].int ?? 0
        try await call("ModifyIssueComment", p(#""IssueCode":\#(req),"CommentId":\#(comment),"Content":"looks great""#))
        try await call("CreateIssueWorkHours", p(#""IssueCode":\#(sub),"SpendHour":2,"RemainingHour":1,"StartAt":1608630452740,"WorkingDesc":"w""#))
        let logs = try await call("DescribeIssueWorkLogList", p(#""IssueCode":\#(sub)"#))
        let log = logs["WorkLogs"][0]["Id"].int ?? 0
        try await call("DeleteIssueWorkHours", p(#""IssueCode":\#(sub),"WorkHourLogId":\#(log),"RollbackRemainingHours":false"#))
        try await call("DescribeIteration", p(#""IterationCode":\#(it)"#))
        try await call("ModifyIteration", p(#""IterationCode":\#(it),"Name":"schema sprint","Goal":"g""#))
        try await call("PlanIterationIssue", p(#""IterationCode":\#(it),"IssueCode":[\#(defect)]"#))
        try await call("ModifyIterationStatus", p(#""IterationCode":\#(it),"Operator":"start""#))
        try await call("DescribeIterationList", p(#""Offset":0,"Limit":10"#))
        try await call("DeleteIssue", p(#""IssueCode":\#(defect)"#))
        let spare = try await call("CreateIteration", p(#""Name":"spare""#))
        try await call("DeleteIteration", p(#""IterationCode":\#(spare["Iteration"]["Code"].int ?? 0)"#))
    }
}
