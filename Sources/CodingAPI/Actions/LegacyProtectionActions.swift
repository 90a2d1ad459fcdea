import SlipwayCore
import SlipwayGit

/// The legacy, branch-name based protection calls (CODING §2.11 "保护分支"). They read and write
/// the same rules as the new calls (`ProtectionActions`): a protected branch is a branch some
/// rule covers, and protecting a branch creates a rule naming exactly it. Where CODING says
/// the legacy calls stop applying to repositories on new rules, Slipway serves both views.
struct LegacyProtectionActions: Sendable {
    /// CreateProtectedBranch: protects an existing branch with a rule of its exact name (force
    /// pushes denied, CODING's default); `FailedOperation` when a rule already covers it.
    @Sendable func createProtectedBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName")
        let (depot, repo) = try await call.depot(need: .administer)
        _ = try await repo.branch(name)
        if let rule = BranchProtection.effective(for: name, in: try await call.store.branchProtections.list(depotID: depot.id)) {
            throw SlipwayError.conflict("branch \(name) is already protected by rule \(rule.rule)")
        }
        _ = try await call.store.branchProtections.create(BranchProtection(depotID: depot.id, rule: name))
        return NoOutput()
    }

    /// CreateProtectedBranchMember: the user (`GlobalKey`) becomes a member of the rule covering
    /// the branch, allowed to push to it directly, as legacy protected-branch managers were.
    @Sendable func createProtectedBranchMember(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, rule) = try await load(call, need: .administer)
        let user = try await call.user(globalKey: try call.parameters.string("GlobalKey"))
        try await call.store.branchProtections.setMember(protectionID: rule.id, userUID: user.uid, allowPush: true)
        return NoOutput()
    }

    /// DescribeProtectedBranchs: every existing branch a rule covers, then exact-name rules whose
    /// branch does not exist (yet), by name.
    @Sendable func describeProtectedBranchs(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo) = try await call.depot(need: .read)
        let rules = try await call.store.branchProtections.list(depotID: depot.id)
        let branches = try await repo.branches()
        var out: [ProtectedBranchDTO] = []
        for branch in branches.sorted(by: { $0.name < $1.name }) {
            if let rule = BranchProtection.effective(for: branch.name, in: rules) {
                out.append(dto(rule, name: branch.name, commitDate: branch.commitTime))
            }
        }
        let existing = Set(branches.map(\.name))
        for rule in rules.sorted(by: { $0.rule < $1.rule })
        where !existing.contains(rule.rule) && !rule.rule.contains(where: { "*?".contains($0) }) {
            out.append(dto(rule, name: rule.rule, commitDate: 0))
        }
        return ProtectedBranchsOutput(ProtectedBranchs: out)
    }

    /// DescribeProtectedBranch: the settings of the rule covering `BranchName`.
    @Sendable func describeProtectedBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let (repo, rule) = try await load(call, need: .read)
        let name = try call.parameters.string("BranchName")
        let tip = try? await repo.branch(name)
        return ProtectedBranchOutput(ProtectedBranch: dto(rule, name: name, commitDate: tip?.commitTime ?? 0))
    }

    /// DescribeProtectedBranchMembers: the members of the rule covering `BranchName`.
    @Sendable func describeProtectedBranchMembers(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, rule) = try await load(call, need: .read)
        let users = try await call.codingUsers(rule.members.map(\.userUID))
        return ProtectedBranchMembersOutput(
            Members: rule.members.compactMap { member in
                users[member.userUID].map {
                    ProtectedBranchMemberDTO(HasPushAccess: member.allowPush, HasUpdateAccess: true, Name: $0.Name, GlobalKey: $0.GlobalKey)
                }
            })
    }

    /// The depot's repository and the rule covering `BranchName`; `ResourceNotFound` when none does.
    private func load(_ call: ActionCall, need: DepotAccess) async throws -> (GitRepository, BranchProtection) {
        let name = try call.parameters.string("BranchName")
        let (depot, repo) = try await call.depot(need: need)
        guard let rule = BranchProtection.effective(for: name, in: try await call.store.branchProtections.list(depotID: depot.id))
        else { throw SlipwayError.notFound("branch \(name) is not protected") }
        return (repo, rule)
    }

    private func dto(_ rule: BranchProtection, name: String, commitDate: Int64) -> ProtectedBranchDTO {
        ProtectedBranchDTO(
            CommitDate: commitDate, DenyForcePush: rule.denyForcePush, ForceSquash: rule.forceSquash, Name: name,
            StatusCheck: rule.requiredStatusCheck)
    }
}
