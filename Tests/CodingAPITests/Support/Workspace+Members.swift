import SlipwayCore
import Testing

extension Workspace {
    /// A new user bound to the workspace's project, as a member (CODING `Type` 80) or a project
    /// admin (90); returns their token.
    func addMember(_ account: String, admin: Bool = false) async throws -> String {
        let (_, token) = try await h.makeUser(account)
        let bound = try await h.action(
            "CreateProjectMember", #"{"ProjectId":\#(projectID),"Type":\#(admin ? 90 : 80),"UserGlobalKeyList":["\#(account)"]}"#)
        guard bound.response["Error"].isNull else { throw GitCLIError(message: "cannot add \(account): \(bound.text)") }
        return token
    }

    /// Protects `master` with a rule that requires one approval to merge.
    func requireOneApprovalOnMaster() async throws {
        let rule = try await action("CreateBranchProtection", #""Rule":"master""#)
        #expect(rule["Error"].isNull, "\(rule)")
        let ruleID = try #require(
            try await action("DescribeBranchProtections", "")["BranchProtections"][0]["BranchProtectionId"].int)
        _ = try await action("ModifyBranchProtection", #""BranchProtectionId":\#(ruleID),"RequiredGrantCount":1"#)
    }
}
