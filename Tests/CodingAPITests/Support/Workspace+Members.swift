import SlipwayCore

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
}
