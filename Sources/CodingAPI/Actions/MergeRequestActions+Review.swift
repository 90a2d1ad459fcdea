import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import SlipwayStore

/// Merge requests: content (commits, diffs), reviewers, approvals and notes.
extension MergeRequestActions {
    // MARK: Content

    /// DescribeMergeRequestCommits: commits of the source not in the target (newest first).
    @Sendable func describeMergeRequestCommits(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, repo, request) = try await load(call, need: .read)
        let range = try await range(request, repo)
        let comparison = try await repo.compare(base: range.base, head: range.head)
        return MergeRequestCommitsOutput(Commits: comparison.commits.map(CommitDTO.init))
    }

    /// DescribeGitMergeRequestDiffs: changed files (merge base → source tip) with line counts.
    @Sendable func describeGitMergeRequestDiffs(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, repo, request) = try await load(call, need: .read)
        let range = try await range(request, repo)
        let comparison = try await repo.compare(base: range.base, head: range.head)
        let headSHA = try await repo.resolveCommit(range.head)
        var paths: [MergeRequestDiffOutput.PathDTO] = []
        for file in comparison.files {
            var blob = "", size: Int64 = 0
            if file.status != .deleted, let b = try? await repo.blob(at: headSHA, path: file.path, maxBytes: 0) {
                blob = b.sha
                size = b.size
            }
            paths.append(
                .init(
                    Path: file.path, BlobSha: blob, Size: size, ChangeType: Self.changeType(file.status),
                    Deletions: file.deletions, Insertions: file.additions))
        }
        return MergeRequestDiffOutput(
            Diff: .init(
                IsLarge: comparison.files.contains(where: \.patchTruncated), Insertions: comparison.stats.additions,
                Deletions: comparison.stats.deletions, OldSha: comparison.mergeBase ?? "", NewSha: headSHA, Paths: paths))
    }

    /// DescribeGitMergeRequestDiffDetail: one file's diff.
    @Sendable func describeGitMergeRequestDiffDetail(_ call: ActionCall) async throws -> any ActionOutput {
        let path = try call.parameters.string("Path")
        let (_, repo, request) = try await load(call, need: .read)
        let range = try await range(request, repo)
        let comparison = try await repo.compare(base: range.base, head: range.head)
        guard let file = comparison.files.first(where: { $0.path == path || $0.oldPath == path }) else {
            throw SlipwayError.notFound("\(path) is not changed by this merge request")
        }
        let modes = DiffLines.modes(file.patch)
        return MergeRequestDiffDetailOutput(
            Detail: GitDiffDTO(
                Path: file.path, Content: file.patch, Lines: DiffLines.parse(file.patch, hunkPrefix: "\u{0}"),
                NewMode: modes.new, OldMode: modes.old, ChangeType: Self.changeType(file.status),
                Insertions: file.additions, Deletions: file.deletions, OldPath: file.oldPath ?? ""))
    }

    static func changeType(_ status: FileChangeStatus) -> String {
        switch status {
        case .added, .copied: return "ADD"
        case .deleted: return "DELETE"
        case .renamed: return "REPLACE"
        case .modified, .typeChanged: return "MODIFY"
        }
    }

    /// Base and head revisions: live branches while open, the recorded SHAs afterwards.
    func range(_ request: DepotMergeRequest, _ repo: GitRepository) async throws -> (base: String, head: String) {
        try await HostingService.reviewRange(request, repo)
    }

    // MARK: Reviewers and approvals

    @Sendable func describeMergeRequestReviewers(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, request) = try await load(call, need: .read)
        return ReviewersOutput(Reviewers: try await reviewerDTOs(request, call))
    }

    @Sendable func createMergeRequestReviewer(_ call: ActionCall) async throws -> any ActionOutput {
        let key = try call.parameters.string("ReviewerGlobalKey")
        let (depot, _, request) = try await load(call, need: .write)
        let user = try await call.user(globalKey: key)
        try await call.services.hosting.addReviewer(user, to: request, in: depot, by: call.user)
        return ReviewersOutput(Reviewers: try await reviewerDTOs(request, call))
    }

    @Sendable func deleteMergeRequestReviewer(_ call: ActionCall) async throws -> any ActionOutput {
        let key = try call.parameters.string("ReviewerGlobalKey")
        let (_, _, request) = try await load(call, need: .write)
        let user = try await call.user(globalKey: key)
        try await call.services.hosting.removeReviewer(user, from: request, by: call.user)
        return ReviewersOutput(Reviewers: try await reviewerDTOs(request, call))
    }

    /// Slipway extension `CreateMergeRequestGrant` / `DeleteMergeRequestGrant`: the caller
    /// approves (becoming a reviewer) or withdraws approval. Only users who may write the target
    /// branch approve, never the author (`ApprovalRules`); anyone may withdraw their own approval.
    func grant(_ approved: Bool) -> ActionHandler {
        { call in
            let (depot, _, request) = try await load(call, need: .read)
            try call.requireWritable(depot)
            try await call.services.hosting.setApproval(approved, of: request, in: depot, by: call.user)
            return ReviewersOutput(Reviewers: try await reviewerDTOs(request, call))
        }
    }

    /// DescribeGitMergeRequestParticipants: author, reviewers, commenters and the merger/closer.
    @Sendable func describeParticipants(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, request) = try await load(call, need: .read)
        var uids = [request.authorUID]
        uids += try await call.store.mergeRequests.reviewers(mergeRequestID: request.id).map(\.userUID)
        uids += try await call.store.mergeRequests.notes(mergeRequestIDs: [request.id]).map(\.authorUID)
        if !request.actorUID.isEmpty { uids.append(request.actorUID) }
        let users = try await call.codingUsers(uids)
        var seen = Set<String>()
        return ParticipantsOutput(Participants: uids.filter { seen.insert($0).inserted }.compactMap { users[$0] })
    }

    func reviewerDTOs(_ request: DepotMergeRequest, _ call: ActionCall) async throws -> [CodingUserDTO] {
        let reviewers = try await call.store.mergeRequests.reviewers(mergeRequestID: request.id)
        let users = try await call.codingUsers(reviewers.map(\.userUID))
        return reviewers.compactMap { users[$0.userUID] }
    }

    // MARK: Notes (addressed by DepotPath)

    /// CreateMergeRequestNote: general, or on a line with `Form{CommitSha,Index,Path}`; `ParentId` replies.
    @Sendable func createMergeRequestNote(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let content = try p.string("Content")
        let (depot, _, request) = try await load(call, need: .read)
        try call.requireWritable(depot)
        var note = MergeRequestNote(
            mergeRequestID: request.id, parentID: try p.optionalInt("ParentId") ?? 0, authorUID: call.user.uid,
            content: content)
        if case .object(let form)? = p.value("Form") {
            let f = ActionParameters(form)
            note.commitSHA = try f.optionalString("CommitSha") ?? ""
            note.path = try f.optionalString("Path") ?? ""
            note.lineIndex = try f.optionalInt("Index") ?? 0
        }
        let stored = try await call.services.hosting.addNote(note, to: request)
        return NoteOutput(Note: try await noteDTOs([stored], request, call)[0])
    }

    /// DeleteMergeRequestNote: the author or a project admin; replies go with it.
    @Sendable func deleteMergeRequestNote(_ call: ActionCall) async throws -> any ActionOutput {
        let id = try call.parameters.int("LineNoteId")
        let (depot, _, request) = try await load(call, need: .read)
        try call.requireWritable(depot)
        let notes = try await call.store.mergeRequests.notes(mergeRequestIDs: [request.id])
        guard let note = notes.first(where: { $0.id == id }) else { throw SlipwayError.notFound("note \(id) not found") }
        if note.authorUID != call.user.uid {
            _ = try await call.project(key: depot.projectKey, need: .administer)
        }
        let deleted = try await call.store.mergeRequests.deleteNote(id: id, mergeRequestID: request.id)
        return NoteOutput(Note: try await noteDTOs([deleted], request, call)[0])
    }

    /// DescribeSingeMergeRequestNotes: threads, oldest first.
    @Sendable func describeSingleMergeRequestNotes(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, _, request) = try await load(call, need: .read)
        let notes = try await noteDTOs(try await call.store.mergeRequests.notes(mergeRequestIDs: [request.id]), request, call)
        let ids = Set(notes.map(\.Id))
        let roots = notes.filter { $0.ParentId == 0 || !ids.contains($0.ParentId) }
        return NotesOutput(
            Notes: roots.map { root in
                NotesOutput.Thread(Note: [root] + notes.filter { $0.ParentId == root.Id && $0.Id != root.Id })
            })
    }

    func noteDTOs(_ notes: [MergeRequestNote], _ request: DepotMergeRequest, _ call: ActionCall) async throws -> [MergeRequestNoteDTO] {
        let users = try await call.codingUsers(notes.map(\.authorUID))
        return notes.map {
            MergeRequestNoteDTO(
                Id: $0.id, Content: $0.content, Author: users[$0.authorUID] ?? .nobody, CreatedAt: $0.createdAt,
                UpdatedAt: $0.updatedAt, MergeId: request.iid, ParentId: $0.parentID, CommitSha: $0.commitSHA,
                Index: $0.lineIndex, Path: $0.path)
        }
    }
}
