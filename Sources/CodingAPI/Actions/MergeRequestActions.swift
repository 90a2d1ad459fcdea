import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import SlipwayStore

/// Merge requests (CODING §2.12): lifecycle, review, notes, diffs and lists. A request's
/// mergeability is always computed from the repository (`checkMerge`), never cached.
struct MergeRequestActions: Sendable {
    // MARK: Lifecycle

    /// CreateGitMergeReq: `SrcBranch` → `DestBranch`, `Reviewers` as comma-separated global keys
    /// (`HostingService.openMergeRequest`).
    @Sendable func createGitMergeReq(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let title = try p.string("Title"), content = try p.optionalString("Content") ?? ""
        let source = try p.string("SrcBranch"), target = try p.string("DestBranch")
        let reviewerKeys = (try p.optionalString("Reviewers") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let (depot, repo) = try await call.depot(need: .write)
        guard source != target else { throw CodingError.invalidValue("SrcBranch", "must differ from DestBranch") }
        var reviewers: [String] = []
        for key in reviewerKeys { reviewers.append(try await call.user(globalKey: key).uid) }
        let request = try await call.services.hosting.openMergeRequest(
            in: depot, from: source, into: target, title: title, description: content, by: call.user, reviewerUIDs: reviewers)
        let info = try await info(request, depot: depot, repo: repo, call)
        return MergeInfoOutput(
            MergeInfo: .init(
                ProjectId: info.ProjectId, DepotId: depot.id, MergeRequestId: request.iid,
                MergeRequestUrl: call.baseURL + info.Path, MergeRequestInfo: info))
    }

    /// DescribeMergeRequest.
    @Sendable func describeMergeRequest(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo, request) = try await load(call, need: .read)
        return MergeRequestInfoOutput(MergeRequestInfo: try await info(request, depot: depot, repo: repo, call))
    }

    /// ModifyGitMergeRequest: edit `Title` and/or `Content`.
    @Sendable func modifyGitMergeRequest(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo, request) = try await load(call, need: .write)
        let title = try call.parameters.optionalString("Title")
        if title?.isEmpty == true { throw CodingError.invalidValue("Title", "must not be empty") }
        let content = try call.parameters.optionalString("Content")
        let edited = try await call.services.hosting.edit(request, title: title, description: content, by: call.user)
        return MergeRequestInfoOutput(MergeRequestInfo: try await info(edited, depot: depot, repo: repo, call))
    }

    /// ModifyCloseMR: an open request becomes `REFUSED` (`HostingService.close`).
    @Sendable func modifyCloseMR(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _, request) = try await load(call, need: .write)
        _ = try await call.services.hosting.close(request, in: depot, by: call.user)
        return NoOutput()
    }

    /// ModifyMergeMR: merge (merge commit, `IsFastForward`, or `Squash`; a rule's `ForceSquash`
    /// wins), after the target branch's protection rule is satisfied (`HostingService.merge`).
    /// Conflicts merge nothing.
    @Sendable func modifyMergeMR(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (depot, repo, request) = try await load(call, need: .write)
        let options = MergeOptions(
            fastForwardOnly: try p.optionalBool("IsFastForward") == true, squash: try p.optionalBool("Squash") == true,
            message: try p.optionalString("Message") ?? "", deleteSourceBranch: try p.optionalBool("IsDelSourceBranch") == true)
        let merged = try await call.services.hosting.merge(request, in: depot, by: call.user, options: options)
        return MergeRequestInfoOutput(MergeRequestInfo: try await info(merged, depot: depot, repo: repo, call))
    }

    /// ModifyGitMergeRequestRebase, done as "update from target" (`HostingService.updateSourceFromTarget`):
    /// the target branch is merged into the source branch (never rewriting published history).
    /// Conflicts change nothing.
    @Sendable func modifyGitMergeRequestRebase(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _, request) = try await load(call, need: .write)
        try await call.services.hosting.updateSourceFromTarget(request, in: depot, by: call.user)
        return NoOutput()
    }

    /// DescribeCanMerge: `Source` into `Target`, without touching anything.
    @Sendable func describeCanMerge(_ call: ActionCall) async throws -> any ActionOutput {
        let source = try call.parameters.string("Source"), target = try call.parameters.string("Target")
        let (_, repo) = try await call.depot(need: .read)
        let check = try await repo.checkMerge(source: source, target: target)
        let status: String
        if check.alreadyMerged {
            status = "ALREADY_MERGED"
        } else if check.mergeBase == nil {
            status = "NO_MERGE_BASE"
        } else if check.mergeable || check.canFastForward {
            status = "MERGEABLE"
        } else {
            status = "NOT_MERGEABLE"
        }
        return CanMergeOutput(MergeStatus: status)
    }

    // MARK: Lists

    /// DescribeDepotMergeRequests: paging style C, `Status` open|close|all and filters.
    @Sendable func describeDepotMergeRequests(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .read)
        return try await list(call, filter: MergeRequestFilter(depotIDs: [depot.id]))
    }

    /// DescribeProjectMergeRequests: every depot of the project (its total is the depots' counters).
    @Sendable func describeProjectMergeRequests(_ call: ActionCall) async throws -> any ActionOutput {
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .read)
        var filter = MergeRequestFilter()
        filter.projectKeys = [project.key]
        return try await list(call, filter: filter)
    }

    /// DescribeSelfMergeRequests: the caller's own requests, in depots they can still read.
    @Sendable func describeSelfMergeRequests(_ call: ActionCall) async throws -> any ActionOutput {
        var filter = MergeRequestFilter()
        filter.authorUIDs = [call.user.uid]
        return try await list(call, filter: filter)
    }

    /// A page of the lists above (paging style C) with the request parameters' filters applied;
    /// a depot or project list filtered by `Status` alone is counted and paged at O(page)
    /// (`MergeRequestRepository+List`).
    func list(_ call: ActionCall, filter base: MergeRequestFilter) async throws -> any ActionOutput {
        let p = call.parameters
        let page = try p.page(defaultSize: 10, maxSize: 500)
        var filter = base
        switch (try p.optionalString("Status") ?? "all").lowercased() {
        case "open": filter.states = [.open]
        case "close", "closed": filter.states = [.merged, .closed]
        case "all", "": break
        default: throw CodingError.invalidValue("Status", "must be open, close or all")
        }
        func keys(_ names: String...) throws -> [String] {
            var out: [String] = []
            for name in names {
                guard let v = p.value(name) else { continue }
                switch v {
                case .string(let s): out += s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                case .array(let items):
                    for item in items { if case .string(let s) = item { out.append(s) } }
                default: throw CodingError.invalidParameter(name, "must be a string or an array of strings")
                }
            }
            return out.filter { !$0.isEmpty }
        }
        func uids(_ names: String...) async throws -> [String]? {
            var accounts: [String] = []
            for name in names { accounts += try keys(name) }
            guard !accounts.isEmpty else { return nil }
            var out: [String] = []
            for a in accounts { if let u = try await call.store.users.find(account: a) { out.append(u.uid) } }
            return out.isEmpty ? ["-"] : out
        }
        if let u = try await uids("CreatorGlobalKeys") { filter.authorUIDs = u }
        if let u = try await uids("MergerGlobalKeys") { filter.actorUIDs = u }
        if let u = try await uids("ReviewerGlobalKeys") { filter.reviewerUIDs = u }
        filter.keyword = try p.optionalString("KeyWord") ?? ""
        filter.sourceBranches = try keys("SourceBranches", "SourceBranch")
        filter.targetBranches = try keys("TargetBranches", "TargetBranch")
        filter.createdFrom = try p.optionalDate("CreatedAtStartDate").map { EpochMillis($0.timeIntervalSince1970 * 1000) }
        filter.createdTo = try p.optionalDate("CreatedAtEndDate").map { EpochMillis($0.timeIntervalSince1970 * 1000) + 86_400_000 }
        filter.sortByActionAt = try p.optionalString("Sort") == "action_at"
        filter.ascending = try p.optionalBool("IsSortDirectionAsc") ?? false
        // Requests in depots the caller can no longer read are left out of the self list: only
        // the projects its authors have opened requests in are checked, not every visible one.
        if filter.depotIDs == nil, filter.projectKeys == nil {
            var readable: [String] = []
            for key in try await call.store.mergeRequests.projectKeys(authorUIDs: filter.authorUIDs) {
                guard let access = try await call.store.access.access(user: call.user, projectKey: key),
                    DepotAccess.read.allowed(by: access)
                else { continue }
                readable.append(key)
            }
            filter.projectKeys = readable
        }
        let (rows, total) = try await call.store.mergeRequests.list(filter, page: page.number, pageSize: page.size)
        var list: [MergeRequestDataDTO] = []
        for request in rows {
            guard let depot = try await call.store.depots.get(id: request.depotID) else { continue }
            let repo = try? call.services.depots.repository(depot)
            list.append(MergeRequestDataDTO(info: try await info(request, depot: depot, repo: repo, call)))
        }
        return MergeRequestListOutput(
            Data: .init(
                List: list, PageNumber: page.number, PageSize: page.size,
                TotalPage: (total + page.size - 1) / page.size, TotalRow: total))
    }

    // MARK: Shared

    /// The depot (with the permission check) and the request named by `MergeId`.
    func load(_ call: ActionCall, need: DepotAccess) async throws -> (Depot, GitRepository, DepotMergeRequest) {
        let iid = try call.parameters.int("MergeId")
        let (depot, repo) = try await call.depot(need: need)
        guard let request = try await call.store.mergeRequests.get(depotID: depot.id, iid: iid) else {
            throw SlipwayError.notFound("merge request \(iid) not found")
        }
        return (depot, repo, request)
    }

    func tips(_ request: DepotMergeRequest, _ repo: GitRepository) async -> (source: String?, target: String?) {
        await HostingService.tips(request, repo)
    }

    /// MergeRequestInfo, with the live status of an open request.
    func info(
        _ request: DepotMergeRequest, depot: Depot, repo: GitRepository?, _ call: ActionCall
    ) async throws -> MergeRequestInfoDTO {
        let reviewers = try await call.store.mergeRequests.reviewers(mergeRequestID: request.id)
        let notes = try await call.store.mergeRequests.notes(mergeRequestIDs: [request.id])
        let users = try await call.codingUsers([request.authorUID, request.actorUID] + reviewers.map(\.userUID))
        let rule = BranchProtection.effective(
            for: request.targetBranch, in: try await call.store.branchProtections.list(depotID: depot.id))
        var status: String, conflicts: [String] = [], sticking = ""
        var source = request.sourceSHA, target = request.targetSHA, base = request.baseSHA
        let granted = try await ApprovalRules.validApprovals(request, reviewers: reviewers, depot: depot, store: call.store)
        switch request.state {
        case .merged: status = "ACCEPTED"
        case .closed: status = "REFUSED"
        case .open:
            status = "CANNOTMERGE"
            if let repo {
                let t = await tips(request, repo)
                if let s = t.source, let g = t.target, let check = try? await repo.checkMerge(source: s, target: g) {
                    source = s
                    target = g
                    base = check.mergeBase ?? ""
                    conflicts = check.conflictingFiles
                    if check.mergeable || check.canFastForward || check.alreadyMerged { status = "CANMERGE" }
                }
            }
            if status == "CANNOTMERGE" { sticking = "CONFLICT" } else if let rule, granted < rule.requiredGrantCount { sticking = "REVIEW_WAITING" }
        }
        return MergeRequestInfoDTO(
            Describe: request.description, Status: status, Title: request.title, TargetBranch: request.targetBranch,
            SourceBranch: request.sourceBranch, ActionAt: request.actionAt,
            ActionAuthor: users[request.actorUID] ?? .nobody, Author: users[request.authorUID] ?? .nobody,
            CommentCount: notes.count, CreatedAt: request.createdAt, Granted: granted, Id: request.id,
            MergeId: request.iid, Labels: [],
            // There is no web UI: the request's link is the API read of it, which answers GET.
            Path: ActionCall.actionPath("DescribeMergeRequest", ["DepotId": "\(depot.id)", "MergeId": "\(request.iid)"]),
            Reviewers: reviewers.compactMap { users[$0.userUID] }, UpdatedAt: request.updatedAt,
            TargetBranchProtected: rule != nil, Reminded: false, DepotId: depot.id,
            ProjectId: try await call.projectID(depot.projectKey), BaseSha: base, MergeCommitSha: request.mergeCommitSHA,
            SourceBranchSha: source, TargetBranchSha: target, StickingPoint: sticking, Conflicts: conflicts)
    }
}
