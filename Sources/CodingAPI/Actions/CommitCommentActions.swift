import Foundation
import SlipwayCore
import SlipwayGit

/// Comments on commits and notes by commit (CODING §2.9). Comments live in the store, keyed by
/// depot and full commit SHA; notes live in the repository (`git notes`).
struct CommitCommentActions: Sendable {
    /// CreateGitCommitComment: on the commit as a whole (no `Path`), or on line `Index` of the
    /// diff of `Path`, numbered as DescribeGitCommitDiff numbers `Lines`.
    @Sendable func createGitCommitComment(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let sha = try p.string("Sha"), content = try p.string("Content")
        var path = try p.optionalString("Path") ?? ""
        while path.hasPrefix("/") { path.removeFirst() }
        let index = try p.optionalInt("Index") ?? 0
        guard index >= 0 else { throw CodingError.invalidValue("Index", "must be >= 0") }
        let (depot, repo) = try await call.depot(need: .read)
        try call.requireWritable(depot)
        let detail = try await repo.commitDetail(sha)
        if path.isEmpty {
            guard index == 0 else { throw CodingError.invalidValue("Index", "needs a Path") }
        } else {
            guard let file = detail.files.first(where: { $0.path == path || $0.oldPath == path }) else {
                throw CodingError.invalidValue("Path", "\(path) is not changed by commit \(detail.commit.sha)")
            }
            let lines = DiffLines.parse(file.patch, hunkPrefix: "\u{0}").count
            guard file.patchTruncated || index < lines else {
                throw CodingError.invalidValue("Index", "must be below \(lines), the diff lines of \(path)")
            }
        }
        let stored = try await call.store.commitComments.create(
            GitCommitComment(
                depotID: depot.id, commitSHA: detail.commit.sha, path: path, lineIndex: index, content: content,
                authorUID: call.user.uid))
        return CommitCommentOutput(Comment: try await dtos([stored], call)[0])
    }

    /// DescribeGitCommitComments: a commit's comments, oldest first, paged.
    @Sendable func describeGitCommitComments(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("Sha")
        let page = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let (depot, repo) = try await call.depot(need: .read)
        let full = try await repo.resolveCommit(sha)
        let (rows, total) = try await call.store.commitComments.list(
            depotID: depot.id, sha: full, page: page.number, pageSize: page.size)
        return CommitCommentsOutput(
            GitCommitComments: .init(
                CommitComments: try await dtos(rows, call),
                Page: .init(
                    PageNumber: page.number, PageSize: page.size, TotalPage: (total + page.size - 1) / page.size,
                    TotalRow: total)))
    }

    /// DescribeNotesByCommits: the notes under `NoteRef` (`commits` when empty) of `Commits`;
    /// commits without a note (or unknown) are left out, as CODING's example shows.
    @Sendable func describeNotesByCommits(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let commits = try Self.commitList(p)
        let ref = try RefFormat.notes(try p.optionalString("NoteRef").flatMap { $0.isEmpty ? nil : $0 } ?? "commits")
        let (_, repo) = try await call.depot(need: .read)
        var notes: [CommitNotesOutput.Note] = []
        for requested in commits {
            guard let sha = try await repo.resolveCommitIfPresent(requested),
                let note = try await repo.note(for: sha, ref: ref)
            else { continue }
            notes.append(.init(CommitSha: requested, NoteContent: note))
        }
        return CommitNotesOutput(Notes: notes)
    }

    /// `Commits`: a JSON array of SHAs (the documented type, String, also works comma-separated).
    static func commitList(_ p: ActionParameters) throws -> [String] {
        let items: [String]
        if case .string(let joined)? = p.value("Commits") {
            items = joined.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            items = try p.array("Commits").enumerated().map { index, value in
                guard case .string(let s) = value, !s.isEmpty else {
                    throw CodingError.invalidParameter("Commits.\(index)", "must be a non-empty string")
                }
                return s
            }
        }
        guard !items.isEmpty else { throw CodingError.missingParameter("Commits") }
        guard items.count <= 500 else { throw CodingError.invalidValue("Commits", "must list at most 500 commits") }
        return items
    }

    private func dtos(_ comments: [GitCommitComment], _ call: ActionCall) async throws -> [CommitCommentDTO] {
        let users = try await call.codingUsers(comments.map(\.authorUID))
        return comments.map {
            CommitCommentDTO(
                Id: $0.id, DepotId: $0.depotID, CommitSha: $0.commitSHA, Path: $0.path, Index: $0.lineIndex,
                Content: $0.content, CreatedAt: $0.createdAt, Author: users[$0.authorUID] ?? .nobody)
        }
    }
}
