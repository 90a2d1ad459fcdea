import SlipwayCore
import SlipwayGit

/// Branch protection (CODING §2.11, new rules) and commit statuses (§2.9). Rules are enforced
/// on push by `HostingService.pushPolicy` and on merge by `HostingService.merge`.
struct ProtectionActions: Sendable {
    /// CreateBranchProtection: `Rule` plus, optionally, the settings ModifyBranchProtection takes.
    @Sendable func createBranchProtection(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .administer)
        var rule = BranchProtection(depotID: depot.id, rule: try call.parameters.string("Rule"))
        try apply(call.parameters, to: &rule)
        _ = try await call.store.branchProtections.create(rule)
        return NoOutput()
    }

    @Sendable func describeBranchProtections(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo) = try await call.depot(need: .read)
        let branches = try await repo.branches().map(\.name)
        return BranchProtectionsOutput(
            BranchProtections: try await call.store.branchProtections.list(depotID: depot.id).map { dto($0, branches) })
    }

    @Sendable func describeBranchProtection(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, repo, rule) = try await load(call, need: .read)
        return BranchProtectionOutput(BranchProtection: dto(rule, try await repo.branches().map(\.name)))
    }

    /// ModifyBranchProtection: fields flat or nested in `BranchProtection` (the example's form);
    /// `DepotId` is optional because the rule id is global.
    @Sendable func modifyBranchProtection(_ call: ActionCall) async throws -> any ActionOutput {
        var (_, repo, rule) = try await load(call, need: .administer)
        var fields = call.parameters
        if case .object(let nested)? = call.parameters.value("BranchProtection") { fields = ActionParameters(nested) }
        if let pattern = try fields.optionalString("Rule"), !pattern.isEmpty { rule.rule = pattern }
        try apply(fields, to: &rule)
        try await call.store.branchProtections.update(rule)
        return BranchProtectionOutput(BranchProtection: dto(rule, try await repo.branches().map(\.name)))
    }

    @Sendable func deleteBranchProtection(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, rule) = try await load(call, need: .administer)
        try await call.store.branchProtections.delete(id: rule.id)
        return NoOutput()
    }

    @Sendable func describeBranchProtectionMembers(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, rule) = try await load(call, need: .read)
        let users = try await call.codingUsers(rule.members.map(\.userUID))
        return ProtectionMembersOutput(
            Members: rule.members.compactMap { m in
                users[m.userUID].map { ProtectionMemberDTO(Name: $0.Name, GlobalKey: $0.GlobalKey, AllowPush: m.allowPush) }
            })
    }

    @Sendable func createBranchProtectionMember(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, rule) = try await load(call, need: .administer)
        let user = try await call.user(globalKey: try call.parameters.string("UserGlobalKey"))
        let allowPush = try call.parameters.optionalBool("AllowPush") ?? false
        try await call.store.branchProtections.setMember(protectionID: rule.id, userUID: user.uid, allowPush: allowPush)
        return NoOutput()
    }

    @Sendable func deleteBranchProtectionMember(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, rule) = try await load(call, need: .administer)
        let user = try await call.user(globalKey: try call.parameters.string("UserGlobalKey"))
        try await call.store.branchProtections.removeMember(protectionID: rule.id, userUID: user.uid)
        return NoOutput()
    }

    /// ModifyBranchProtectionMemberPermission: by `DepotPath` + `BranchRuleName` + `UserGlobalKey`.
    @Sendable func modifyMemberPermission(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchRuleName")
        let allowPush = try call.parameters.optionalBool("AllowPush") ?? false
        let (depot, _) = try await call.depot(need: .administer)
        guard let rule = try await call.store.branchProtections.list(depotID: depot.id).first(where: { $0.rule == name })
        else { throw SlipwayError.notFound("protection rule \(name) not found") }
        let user = try await call.user(globalKey: try call.parameters.string("UserGlobalKey"))
        guard rule.members.contains(where: { $0.userUID == user.uid }) else {
            throw SlipwayError.notFound("\(user.account) is not a member of rule \(name)")
        }
        try await call.store.branchProtections.setMember(protectionID: rule.id, userUID: user.uid, allowPush: allowPush)
        return NoOutput()
    }

    // MARK: Commit statuses

    /// ModifyGitCommitStatus: one status per (commit, `Context`), replaced by later reports.
    @Sendable func modifyGitCommitStatus(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let context = try p.string("Context")
        let stateName = try p.string("State")
        guard stateName.hasPrefix("COMMIT_STATE_"),
            let state = CommitStatus.State(rawValue: String(stateName.dropFirst(13)).lowercased())
        else {
            throw CodingError.invalidValue("State", "must be COMMIT_STATE_PENDING, _SUCCESS, _FAILURE or _ERROR")
        }
        let (depot, repo) = try await call.depot(need: .write)
        let sha = try await repo.resolveCommit(try p.string("CommitSha"))
        try await call.store.branchProtections.setStatus(
            CommitStatus(
                depotID: depot.id, sha: sha, context: context, state: state,
                targetURL: try p.optionalString("TargetURL") ?? "", description: try p.optionalString("Description") ?? "",
                creatorUID: call.user.uid))
        return NoOutput()
    }

    @Sendable func describeGitCommitStatus(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo) = try await call.depot(need: .read)
        let sha = try await repo.resolveCommit(try call.parameters.string("CommitSha"))
        return CommitStatusesOutput(
            StatusCheckResults: try await call.store.branchProtections.statuses(depotID: depot.id, sha: sha).map {
                CommitStatusDTO(
                    DepotId: $0.depotID, CommitSha: $0.sha, State: "COMMIT_STATE_" + $0.state.rawValue.uppercased(),
                    Context: $0.context, TargetURL: $0.targetURL, Description: $0.description, CreateDate: $0.updatedAt)
            })
    }

    // MARK: Shared

    func apply(_ p: ActionParameters, to rule: inout BranchProtection) throws {
        if let v = try p.optionalBool("DenyForcePush") { rule.denyForcePush = v }
        if let v = try p.optionalBool("ForceSquash") { rule.forceSquash = v }
        if let v = try p.optionalInt("RequiredGrantCount") {
            guard (0...100).contains(v) else { throw CodingError.invalidValue("RequiredGrantCount", "must be 0...100") }
            rule.requiredGrantCount = Int(v)
        }
        if let v = try p.optionalBool("RequiredStatusCheck") { rule.requiredStatusCheck = v }
    }

    /// The rule named by `BranchProtectionId`, in the depot named by `DepotId`/`DepotPath` when given.
    func load(_ call: ActionCall, need: DepotAccess) async throws -> (Depot, GitRepository, BranchProtection) {
        // The vendor's ModifyBranchProtection nests the id in `BranchProtection`; accept both.
        var id = try call.parameters.optionalInt("BranchProtectionId")
        if id == nil, case .object(let nested)? = call.parameters.value("BranchProtection") {
            id = try ActionParameters(nested).optionalInt("BranchProtectionId")
        }
        guard let id else { throw CodingError.missingParameter("BranchProtectionId") }
        guard let rule = try await call.store.branchProtections.get(id: id) else {
            throw SlipwayError.notFound("protection rule \(id) not found")
        }
        let pair: (depot: Depot, repository: GitRepository)
        if call.parameters.value("DepotId") != nil || call.parameters.value("DepotPath") != nil {
            pair = try await call.depot(need: need)
        } else {
            guard let d = try await call.store.depots.get(id: rule.depotID) else { throw SlipwayError.notFound("depot not found") }
            _ = try await call.project(key: d.projectKey, need: need)
            pair = (d, try call.services.depots.repository(d))
        }
        let (depot, repo) = pair
        guard rule.depotID == depot.id else { throw SlipwayError.notFound("protection rule \(id) not found") }
        return (depot, repo, rule)
    }

    func dto(_ rule: BranchProtection, _ branches: [String]) -> BranchProtectionDTO {
        BranchProtectionDTO(
            BranchProtectionId: rule.id, Rule: rule.rule, DenyForcePush: rule.denyForcePush, ForceSquash: rule.forceSquash,
            RequiredGrantCount: rule.requiredGrantCount, RequiredStatusCheck: rule.requiredStatusCheck,
            MatcherCount: branches.filter(rule.matches).count)
    }
}
