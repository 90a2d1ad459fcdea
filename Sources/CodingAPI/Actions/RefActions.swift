import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Branches and tags (CODING §2.10). Ref changes made here are published like pushes.
struct RefActions: Sendable {
    /// DescribeGitBranches: default branch first, then by name; `KeyWord` filters by substring.
    /// `IsProtected`, `DenyForcePush` and `ForceSquash` come from the rule covering each branch.
    @Sendable func describeGitBranches(_ call: ActionCall) async throws -> any ActionOutput {
        let page = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let keyword = try call.parameters.optionalString("KeyWord") ?? ""
        let (depot, repo) = try await call.depot(need: .read)
        var branches = try await repo.branches()
        if !keyword.isEmpty { branches = branches.filter { $0.name.localizedCaseInsensitiveContains(keyword) } }
        branches.sort { a, b in a.isDefault != b.isDefault ? a.isDefault : a.name < b.name }
        let slice = branches.dropFirst((page.number - 1) * page.size).prefix(page.size)
        let rules = try await call.store.branchProtections.list(depotID: depot.id)
        let frozen = Set(try await call.store.readOnlyBranches.list(depotID: depot.id).map(\.branch))
        return BranchesOutput(
            TotalCount: branches.count,
            Branches: slice.map {
                BranchDTO(
                    $0, protection: BranchProtection.effective(for: $0.name, in: rules),
                    readOnly: depot.isArchived || frozen.contains($0.name))
            })
    }

    /// DescribeGitBranch.
    @Sendable func describeGitBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName")
        let (depot, repo) = try await call.depot(need: .read)
        let branch = try await repo.branch(name)
        let rule = BranchProtection.effective(for: branch.name, in: try await call.store.branchProtections.list(depotID: depot.id))
        let frozen = try await call.store.readOnlyBranches.list(depotID: depot.id).contains { $0.branch == branch.name }
        var dto = BranchDTO(branch, protection: rule, readOnly: depot.isArchived || frozen)
        dto.LastCommit = CommitDTO(try await repo.commit(branch.sha))
        dto.Content = ""
        return BranchOutput(GitBranch: dto)
    }

    /// CreateGitBranch from `StartPoint` (branch, tag or SHA).
    @Sendable func createGitBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName"), start = try call.parameters.string("StartPoint")
        let (depot, _) = try await call.depot(need: .write)
        try await call.changeRefs(in: depot, checking: []) { repo in
            let branch = try await repo.createBranch(name, from: start)
            return [HostingService.created(.branch(branch.name), at: branch.sha, in: repo, by: call.pusher)]
        }
        return NoOutput()
    }

    /// DeleteGitBranch (never the default branch).
    @Sendable func deleteGitBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName")
        let (depot, _) = try await call.depot(need: .write)
        try await call.changeRefs(in: depot, checking: [.branch(name, isDelete: true)]) { repo in
            [try await repo.deleteBranch(name, pusher: call.pusher)]
        }
        return NoOutput()
    }

    /// DescribeGitTags: each tag with the commit it points at; `KeyWord` filters, `Page`/`PageSize` page when given.
    @Sendable func describeGitTags(_ call: ActionCall) async throws -> any ActionOutput {
        let keyword = try call.parameters.optionalString("KeyWord") ?? ""
        let (_, repo) = try await call.depot(need: .read)
        var tags = try await repo.tags()
        if !keyword.isEmpty { tags = tags.filter { $0.name.localizedCaseInsensitiveContains(keyword) } }
        if call.parameters.value("PageSize") != nil {
            let page = try call.parameters.page(number: "Page", defaultSize: 10, maxSize: 500)
            tags = Array(tags.dropFirst((page.number - 1) * page.size).prefix(page.size))
        }
        return TagsOutput(GitTags: try await tagDTOs(tags, repo))
    }

    /// Tags as every tag action returns them: name, message and the commit it points at.
    func tagDTOs(_ tags: [GitTag], _ repo: GitRepository) async throws -> [TagDTO] {
        var out: [TagDTO] = []
        for tag in tags {
            let commit = try await commit(of: tag, repo)
            out.append(TagDTO(TagName: tag.name, Message: message(tag, commit), Commit: commit.map(CommitDTO.init)))
        }
        return out
    }

    /// DescribeGitTag.
    @Sendable func describeGitTag(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("TagName")
        let (_, repo) = try await call.depot(need: .read)
        let tag = try await repo.tag(name)
        return TagOutput(GitTag: try await tagDTOs([tag], repo)[0])
    }

    /// CreateGitTag: annotated (tagger = caller) when `Message` is non-empty, else lightweight.
    @Sendable func createGitTag(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("TagName"), start = try call.parameters.string("StartPoint")
        let message = try call.parameters.optionalString("Message") ?? ""
        let (depot, repo) = try await call.depot(need: .write)
        let tag = try await call.changeRefs(in: depot, checking: [.tag(name)]) { repo in
            let tag = try await repo.createTag(
                name, at: start, message: message.isEmpty ? nil : message, tagger: call.gitIdentity)
            return (tag, [HostingService.created(.tag(tag.name), at: tag.sha, in: repo, by: call.pusher)])
        }
        return TagOutput(GitTag: try await tagDTOs([tag], repo)[0])
    }

    /// DeleteGitTag.
    @Sendable func deleteGitTag(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("TagName")
        let (depot, _) = try await call.depot(need: .write)
        try await call.changeRefs(in: depot, checking: [.tag(name)]) { repo in
            let tag = try await repo.tag(name)
            try await repo.deleteTag(name)
            return [HostingService.deleted(.tag(tag.name), was: tag.sha, in: repo, by: call.pusher)]
        }
        return NoOutput()
    }

    private func commit(of tag: GitTag, _ repo: GitRepository) async throws -> GitCommit? {
        guard let sha = tag.targetSHA else { return nil }
        return try await repo.commit(sha)
    }

    /// DescribeGitBranchesBySha: branches whose history contains `Sha`.
    @Sendable func describeGitBranchesBySha(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("Sha")
        let (_, repo) = try await call.depot(need: .read)
        let refs = try await containing(sha, repo, branches: true, tags: false)
        return BranchRefsOutput(Refs: refs.map { .init(Ref: $0.name) })
    }

    /// DescribeGitTagsBySha: tags whose commit contains `Sha`.
    @Sendable func describeGitTagsBySha(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("Sha")
        let (_, repo) = try await call.depot(need: .read)
        let target = try await repo.resolveCommit(sha)
        var containing: [GitTag] = []
        for tag in try await repo.tags() {
            guard let tagged = tag.targetSHA, try await repo.isAncestor(target, of: tagged) else { continue }
            containing.append(tag)
        }
        return TagsOutput(GitTags: try await tagDTOs(containing, repo))
    }

    /// DescribeGitRefsBySha (`DepotId`) and DescribeCommitRefs (`DepotPath`): branches and/or
    /// tags (`Type` all|branch|tag) containing `Sha`; the two differ only in the output key.
    func refsBySha(key: RefsBySha.Key) -> ActionHandler {
        { call in
            let sha = try call.parameters.string("Sha")
            let type = try call.parameters.optionalString("Type") ?? "all"
            guard ["all", "branch", "tag"].contains(type) else {
                throw CodingError.invalidValue("Type", "must be all, branch or tag")
            }
            let (_, repo) = try await call.depot(need: .read)
            let refs = try await containing(sha, repo, branches: type != "tag", tags: type != "branch")
            return RefsBySha(key: key, refs: refs.map { .init(Type: $0.type, Name: $0.name) })
        }
    }

    /// Branches then tags whose tip contains the commit.
    private func containing(
        _ sha: String, _ repo: GitRepository, branches: Bool, tags: Bool
    ) async throws -> [(type: String, name: String)] {
        let target = try await repo.resolveCommit(sha)
        var out: [(String, String)] = []
        if branches {
            for branch in try await repo.branches() where try await repo.isAncestor(target, of: branch.sha) {
                out.append(("branch", branch.name))
            }
        }
        if tags {
            for tag in try await repo.tags() {
                guard let tagged = tag.targetSHA, try await repo.isAncestor(target, of: tagged) else { continue }
                out.append(("tag", tag.name))
            }
        }
        return out
    }

    /// CODING: "if the tag has no message, the last commit's message is shown".
    private func message(_ tag: GitTag, _ commit: GitCommit?) -> String {
        if let m = tag.message, !m.isEmpty { return m.hasSuffix("\n") ? String(m.dropLast()) : m }
        return commit?.message ?? ""
    }
}
