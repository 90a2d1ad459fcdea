import SlipwayCore

/// The OAuth scope each action needs (personal access tokens carry every scope of their user).
enum ActionScopes {
    /// Actions whose scope the name rules below would not give.
    static let explicit: [String: String] = [
        "ModifyProjectPermission": "project:members",
        "DescribeProjectRoles": "project",
        "DescribeUserProjects": "project",
        "ModifyProject": "project",
        "CreateRequirementDefectRelation": "project:issue",
        "ModifyDefectRelatedRequirement": "project:issue",
        "DescribeRequirementDefectRelation": "project:issue",
        "DescribeRelatedCaseList": "project:issue",
        "CreateCodingCIJobByTeamTemplate": "project",
        "CreateProjectLabel": "project:issue",
        "ModifyProjectLabel": "project:issue",
        "DeleteProjectLabel": "project:issue",
        "DescribeProjectLabels": "project:issue",
        "DescribeAllProjectLabels": "project:issue",
    ]

    static func required(for action: String) -> String {
        if let scope = explicit[action] ?? CodingRoutes.agileActionScopes[action] { return scope }
        if CodingRoutes.testManagementActionNames.contains(action) { return "project:issue" }
        if ["DescribeCodingCurrentUser"].contains(action) { return "user" }
        if ["CreateBinaryFiles", "CreateReadOnlyRef", "DeleteReadOnlyRef"].contains(action) { return "project:depot" }
        if action.contains("Wiki") || ["CreateUploadToken", "DescribeImportJobStatus", "DescribeUpdateJobStatus"].contains(action) {
            return "project:wiki"
        }
        if action.contains("Member") { return action.hasPrefix("Describe") ? "project" : "project:members" }
        if action.contains("Key") { return "project:key" }
        if action.contains("Issue") || action.contains("Iteration") { return "project:issue" }
        if action.contains("Artifact") { return "project:artifacts" }
        if ["Git", "Depot", "Commit", "Branch", "Tag", "Merge", "CodeSearch", "Release", "Protect"].contains(where: action.contains) {
            return "project:depot"
        }
        return "project"
    }
}
