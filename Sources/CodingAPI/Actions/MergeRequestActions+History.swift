import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayStore

/// Merge requests: activity log, per-file diffs, lookup by commit, and notes across requests.
extension MergeRequestActions {
    /// DescribeMergeRequestLog: every recorded event, oldest first.
    @Sendable func describeMergeRequestLog(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, request) = try await load(call, need: .read)
        let events = try await call.store.mergeRequests.events(mergeRequestID: request.id)
        let users = try await call.codingUsers(events.map(\.actorUID))
        return MergeRequestLogOutput(
            Logs: events.map {
                MergeRequestLogDTO(
                    Id: $0.id, Action: $0.action.rawValue, Name: users[$0.actorUID]?.Name ?? "",
                    GlobalKey: users[$0.actorUID]?.GlobalKey ?? "", CreatedAt: $0.createdAt)
            })
    }

    /// DescribeMergeRequestFileDiff: each changed file (merge base → source tip) with its lines;
    /// `Path` (a Slipway extension) narrows it to one file.
    @Sendable func describeMergeRequestFileDiff(_ call: ActionCall) async throws -> any ActionOutput {
        let only = try call.parameters.optionalString("Path").flatMap { $0.isEmpty ? nil : $0 }
        let (_, repo, request) = try await load(call, need: .read)
        let range = try await range(request, repo)
        let comparison = try await repo.compare(base: range.base, head: range.head)
        let headSHA = try await repo.resolveCommit(range.head)
        let oldSHA = comparison.mergeBase ?? range.base
        var files = comparison.files
        if let only {
            files = files.filter { $0.path == only || $0.oldPath == only }
            guard !files.isEmpty else { throw SlipwayError.notFound("\(only) is not changed by this merge request") }
        }
        var out: [MergeRequestFileDiffDTO] = []
        for file in files {
            let deleted = file.status == .deleted
            let blob = try? await repo.blob(at: deleted ? oldSHA : headSHA, path: deleted ? (file.oldPath ?? file.path) : file.path, maxBytes: 0)
            out.append(
                MergeRequestFileDiffDTO(
                    ChangeType: Self.changeType(file.status), Deletions: file.deletions, Insertions: file.additions,
                    ObjectId: blob?.sha ?? "", Path: file.path, DiffLines: DiffLines.parse(file.patch, hunkPrefix: "")))
        }
        return MergeRequestFileDiffOutput(
            MergeRequestFileDiff: .init(
                FileDiffs: out, Deletions: files.reduce(0) { $0 + $1.deletions },
                Insertions: files.reduce(0) { $0 + $1.additions }, OldSha: oldSHA, NewSha: headSHA))
    }

    /// DescribeGitMergeRequestsBySha: requests of the depot whose source head or merge commit is
    /// `Sha`, or whose commits (merge base → source head) include it.
    @Sendable func describeGitMergeRequestsBySha(_ call: ActionCall) async throws -> any ActionOutput {
        let raw = try call.parameters.string("Sha")
        guard RefFormat.isSHA(raw, allowAbbreviated: true) else { throw CodingError.invalidValue("Sha", "must be a commit SHA") }
        let (depot, repo) = try await call.depot(need: .read)
        guard let sha = try? await repo.resolveCommit(raw) else { throw SlipwayError.notFound("commit \(raw) not found") }
        var details: [MergeRequestDetailDTO] = []
        try await forEachRequest(MergeRequestFilter(), in: depot, call) { request in
            guard try await involves(request, sha, repo) else { return true }
            let info = try await info(request, depot: depot, repo: repo, call)
            details.append(
                MergeRequestDetailDTO(
                    Id: info.Id, MergeId: info.MergeId, DepotId: depot.id, Title: info.Title, Content: info.Describe,
                    ContentHtml: MarkdownHTML.render(info.Describe), Author: info.Author, MergeStatus: info.Status,
                    CreateAt: info.CreatedAt, UpdateAt: info.UpdatedAt, ActionAt: info.ActionAt,
                    ActionAuthor: info.ActionAuthor, SourceBranch: info.SourceBranch, TargetBranch: info.TargetBranch,
                    SourceSha: info.SourceBranchSha, TargetSha: info.TargetBranchSha, MergedSha: request.mergeCommitSHA))
            return true
        }
        return MergeRequestDetailsOutput(Details: details)
    }

    /// Whether `sha` is the request's head or merge commit, or one of its commits.
    private func involves(_ request: DepotMergeRequest, _ sha: String, _ repo: GitRepository) async throws -> Bool {
        var live: (source: String?, target: String?) = (nil, nil)
        if request.state == .open { live = await tips(request, repo) }
        let head = live.source ?? request.sourceSHA
        if [head, request.sourceSHA, request.mergeCommitSHA].contains(sha) { return true }
        // Open: commits on the source not yet on the target; otherwise those past the recorded base.
        guard let base = live.target ?? (request.baseSHA.isEmpty ? nil : request.baseSHA), !head.isEmpty else { return false }
        let onHead = (try? await repo.isAncestor(sha, of: head)) ?? false
        return onHead ? !((try? await repo.isAncestor(sha, of: base)) ?? true) : false
    }

    /// DescribeAllMergeRequestNotes (by `DepotPath`): comment threads of the depot's requests,
    /// filtered by `MergeIds`, `MrStatuses`, `ReporterIds` (authors' numeric ids) and creation
    /// dates, paged by thread, in request then thread order.
    @Sendable func describeAllMergeRequestNotes(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let page = try p.page(defaultSize: 10, maxSize: 500)
        let iids = Set(try integers(p, "MergeIds"))
        let statuses = Set(try strings(p, "MrStatuses").map { $0.uppercased() })
        let reporters = try integers(p, "ReporterIds")
        let (depot, repo) = try await call.depot(need: .read)
        var filter = MergeRequestFilter(depotIDs: [depot.id])
        if !reporters.isEmpty {
            var uids: [String] = []
            for id in reporters { if let uid = try await call.store.numericIDs.userUID(id: id) { uids.append(uid) } }
            filter.authorUIDs = uids.isEmpty ? ["-"] : uids
        }
        filter.createdFrom = try millis(p, "CreatedAtStartDate", endOfRange: false)
        filter.createdTo = try millis(p, "CreatedAtEndDate", endOfRange: true)
        filter.iids = Array(iids)
        if !statuses.isEmpty {
            filter.states = Self.states(statuses)
            guard !filter.states.isEmpty else { return NotesOutput(Notes: []) }
        }
        // Requests in number order, a store page at a time, until the asked page of threads is full.
        let (skip, overflow) = (page.number - 1).multipliedReportingOverflow(by: page.size)
        let (needed, past) = skip.addingReportingOverflow(page.size)
        guard !overflow, !past else { return NotesOutput(Notes: []) }
        var threads: [NotesOutput.Thread] = []
        try await forEachRequest(filter, in: depot, call) { request in
            if !statuses.isEmpty, !statuses.contains(try await status(request, depot, repo, call)) { return true }
            let notes = try await noteDTOs(try await call.store.mergeRequests.notes(mergeRequestIDs: [request.id]), request, call)
            let ids = Set(notes.map(\.Id))
            for root in notes where root.ParentId == 0 || !ids.contains(root.ParentId) {
                threads.append(.init(Note: [root] + notes.filter { $0.ParentId == root.Id && $0.Id != root.Id }))
            }
            return threads.count < needed
        }
        return NotesOutput(Notes: Array(threads.dropFirst(skip).prefix(page.size)))
    }

    /// CODING's merge status of a request (`CANMERGE`/`CANNOTMERGE` are computed for open ones).
    private func status(_ request: DepotMergeRequest, _ depot: Depot, _ repo: GitRepository, _ call: ActionCall) async throws -> String {
        switch request.state {
        case .merged: return "ACCEPTED"
        case .closed: return "REFUSED"
        case .open: return try await info(request, depot: depot, repo: repo, call).Status
        }
    }

    /// Calls `body` with each request of the depot the filter lists, in number order, reading
    /// the store a batch at a time by number range, until `body` returns false.
    private func forEachRequest(
        _ filter: MergeRequestFilter, in depot: Depot, _ call: ActionCall, _ body: (DepotMergeRequest) async throws -> Bool
    ) async throws {
        let size = 200
        var after: Int64 = 0
        while true {
            let rows = try await call.store.mergeRequests.batch(filter, depotID: depot.id, afterIID: after, limit: size)
            for request in rows { guard try await body(request) else { return } }
            guard rows.count == size, let last = rows.last else { return }
            after = last.iid
        }
    }

    /// The stored states CODING's merge statuses name (`CANMERGE`/`CANNOTMERGE` are open ones).
    private static func states(_ statuses: Set<String>) -> [DepotMergeRequest.State] {
        var states: Set<DepotMergeRequest.State> = []
        for status in statuses {
            switch status {
            case "ACCEPTED": states.insert(.merged)
            case "REFUSED": states.insert(.closed)
            case "CANMERGE", "CANNOTMERGE": states.insert(.open)
            default: break
            }
        }
        return [.open, .merged, .closed].filter(states.contains)
    }

    private func integers(_ p: ActionParameters, _ name: String) throws -> [Int64] {
        guard let value = p.value(name) else { return [] }
        guard case .array(let items) = value else { throw CodingError.invalidParameter(name, "must be an array of integers") }
        return try items.map { item in
            guard case .number(let n) = item, n.rounded() == n, abs(n) < 9.0e15 else {
                throw CodingError.invalidParameter(name, "must be an array of integers")
            }
            return Int64(n)
        }
    }

    private func strings(_ p: ActionParameters, _ name: String) throws -> [String] {
        guard let value = p.value(name) else { return [] }
        guard case .array(let items) = value else { throw CodingError.invalidParameter(name, "must be an array of strings") }
        return try items.map { item in
            guard case .string(let s) = item else { throw CodingError.invalidParameter(name, "must be an array of strings") }
            return s
        }
    }

    /// A date bound in ms; an end given as a bare day covers that whole day.
    private func millis(_ p: ActionParameters, _ name: String, endOfRange: Bool) throws -> EpochMillis? {
        guard let date = try p.optionalDate(name) else { return nil }
        let ms = EpochMillis(date.timeIntervalSince1970 * 1000)
        guard endOfRange else { return ms }
        let raw = try p.optionalString(name) ?? ""
        if raw.contains(":") { return ms + 1000 }
        return ms + (Int64(raw) != nil ? 1 : 86_400_000)
    }
}
