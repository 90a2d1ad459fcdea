/// An `approval` job: a native approval (`native_approval: {approve_users, needed_approvers,
/// timeout}`, or those fields at the top of the spec) and its description.
package struct ApprovalPlan: Sendable, Equatable {
    /// Nil when the spec names no approver.
    package var approval: ApprovalSpec?

    package init(approval: ApprovalSpec?) {
        self.approval = approval
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        let native = spec["native_approval"].isAbsent ? spec : spec["native_approval"]
        approval = try Self.native(native, description: try spec["description"].string())
    }

    /// A stage's approval (`{enabled, type, native_approval{…}, description}`); nil when disabled or without approvers.
    package static func stageApproval(_ approval: JSONValue, path: String = "approval") throws(JobPlanError) -> ApprovalSpec? {
        let reader = SpecReader(approval, path: path)
        try reader.requireObjectOrAbsent()
        guard try reader["enabled"].bool() else { return nil }
        return try native(reader["native_approval"], description: try reader["description"].string())
    }

    static func native(_ native: SpecReader, description: String) throws(JobPlanError) -> ApprovalSpec? {
        try native.requireObjectOrAbsent()
        var users: [ApprovalSpec.Approver] = []
        for user in try native["approve_users"].items() {
            try user.requireObjectOrAbsent()
            guard let name = try user["user_name"].nonEmptyString() else { continue }
            users.append(ApprovalSpec.Approver(userName: name, userID: try user["user_id"].string()))
        }
        guard !users.isEmpty else { return nil }
        let needed = try native["needed_approvers"].optionalInt(or: native["NeededApprovers"]) ?? 1
        let timeout = try native["timeout"].optionalInt(or: native["Timeout"]) ?? 0
        return ApprovalSpec(
            approveUsers: users, neededApprovers: max(needed, 1), timeoutMinutes: timeout > 0 ? timeout : 60,
            description: description)
    }

    package func mapTemplates(_ text: (String) -> String) -> ApprovalPlan {
        guard var approval else { return self }
        approval.approveUsers = approval.approveUsers.map { .init(userName: text($0.userName), userID: text($0.userID)) }
        approval.description = text(approval.description)
        return ApprovalPlan(approval: approval)
    }
}
