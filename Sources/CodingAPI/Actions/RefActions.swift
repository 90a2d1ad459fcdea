import SlipwayCore
import SlipwayGit

/// Branches and tags (CODING §2.10). Ref changes made here are published like pushes.
struct RefActions: Sendable {
    /// DescribeGitBranches: default branch first, then by name; `KeyWord` filters by substring.
    @Sendable func describeGitBranches(_ call: ActionCall) async throws -> any ActionOutput {
        let page = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let keyword = try call.parameters.optionalString("KeyWord") ?? ""
        let (_, repo) = try await call.depot(need: .read)
        var branches = try await repo.branches()
        if !keyword.isEmpty { branches = branches.filter { $0.name.localizedCaseInsensitiveContains(keyword) } }
        branches.sort { a, b in a.isDefault != b.isDefault ? a.isDefault : a.name < b.name }
        let slice = branches.dropFirst((page.number - 1) * page.size).prefix(page.size)
        return BranchesOutput(TotalCount: branches.count, Branches: slice.map(BranchDTO.init))
    }

    /// DescribeGitBranch.
    @Sendable func describeGitBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName")
        let (_, repo) = try await call.depot(need: .read)
        return BranchOutput(GitBranch: BranchDTO(try await repo.branch(name)))
    }

    /// CreateGitBranch from `StartPoint` (branch, tag or SHA).
    @Sendable func createGitBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName"), start = try call.parameters.string("StartPoint")
        let (depot, repo) = try await call.depot(need: .write)
        let branch = try await repo.createBranch(name, from: start)
        await call.services.publish([created(repo, ref: "refs/heads/" + branch.name, sha: branch.sha, call)], depot: depot)
        return NoOutput()
    }

    /// DeleteGitBranch (never the default branch).
    @Sendable func deleteGitBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("BranchName")
        let (depot, repo) = try await call.depot(need: .write)
        let event = try await repo.deleteBranch(name, pusher: call.pusher)
        await call.services.publish([event], depot: depot)
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
        var out: [TagDTO] = []
        for tag in tags {
            let commit = try await commit(of: tag, repo)
            out.append(TagDTO(TagName: tag.name, Message: message(tag, commit), Commit: commit.map(TagCommitDTO.init)))
        }
        return TagsOutput(GitTags: out)
    }

    /// DescribeGitTag.
    @Sendable func describeGitTag(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("TagName")
        let (_, repo) = try await call.depot(need: .read)
        let tag = try await repo.tag(name)
        let commit = try await commit(of: tag, repo)
        return TagOutput(GitTag: TagDTO(TagName: tag.name, Message: message(tag, commit), Commit: nil))
    }

    /// CreateGitTag: annotated (tagger = caller) when `Message` is non-empty, else lightweight.
    @Sendable func createGitTag(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("TagName"), start = try call.parameters.string("StartPoint")
        let message = try call.parameters.optionalString("Message") ?? ""
        let (depot, repo) = try await call.depot(need: .write)
        let tag = try await repo.createTag(
            name, at: start, message: message.isEmpty ? nil : message, tagger: call.gitIdentity)
        await call.services.publish([created(repo, ref: "refs/tags/" + tag.name, sha: tag.sha, call)], depot: depot)
        return NoOutput()
    }

    /// DeleteGitTag.
    @Sendable func deleteGitTag(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("TagName")
        let (depot, repo) = try await call.depot(need: .write)
        let tag = try await repo.tag(name)
        try await repo.deleteTag(name)
        let event = PushEvent(
            repository: repo.path.description, ref: "refs/tags/" + tag.name, before: tag.sha, after: RefName.zeroSHA,
            pusher: call.pusher, commits: [], totalCommits: 0, created: false, deleted: true, forced: false)
        await call.services.publish([event], depot: depot)
        return NoOutput()
    }

    private func commit(of tag: GitTag, _ repo: GitRepository) async throws -> GitCommit? {
        guard let sha = tag.targetSHA else { return nil }
        return try await repo.commit(sha)
    }

    /// CODING: "if the tag has no message, the last commit's message is shown".
    private func message(_ tag: GitTag, _ commit: GitCommit?) -> String {
        if let m = tag.message, !m.isEmpty { return m.hasSuffix("\n") ? String(m.dropLast()) : m }
        return commit?.message ?? ""
    }

    private func created(_ repo: GitRepository, ref: String, sha: String, _ call: ActionCall) -> PushEvent {
        PushEvent(
            repository: repo.path.description, ref: ref, before: RefName.zeroSHA, after: sha, pusher: call.pusher,
            commits: [], totalCommits: 0, created: true, deleted: false, forced: false)
    }
}
