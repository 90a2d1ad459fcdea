import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Commit history, API commits and diffs (CODING §2.9). Times are milliseconds.
struct CommitActions: Sendable {
    /// DescribeGitCommits (and the vendor's DescribeGitCommitInfos): history of `Ref`, newest
    /// first; `Path`, `StartDate`/`EndDate` and `KeyWord` (in the message) filter.
    @Sendable func describeGitCommits(_ call: ActionCall) async throws -> any ActionOutput {
        CommitsOutput(Commits: try await history(call, counting: false).commits)
    }

    /// DescribeGitCommitsInPage: the same page with `Page{PageNumber,PageSize,TotalPage,TotalRow}`.
    @Sendable func describeGitCommitsInPage(_ call: ActionCall) async throws -> any ActionOutput {
        let h = try await history(call, counting: true)
        return CommitPageOutput(
            Data: .init(
                Commits: h.commits, Page: PageInfoDTO(number: h.page.number, size: h.page.size, total: h.total)))
    }

    private func history(
        _ call: ActionCall, counting: Bool
    ) async throws -> (commits: [CommitDTO], page: (number: Int, size: Int), total: Int) {
        let p = call.parameters
        let ref = try p.string("Ref")
        let page = try p.page(defaultSize: 10, maxSize: 500)
        let path = try p.optionalString("Path").flatMap { $0.isEmpty ? nil : $0 }
        let keyword = try p.optionalString("KeyWord").flatMap { $0.isEmpty ? nil : $0 }
        let since = try p.optionalDate("StartDate"), until = try p.optionalDate("EndDate")
        let (_, repo) = try await call.depot(need: .read)
        if try await repo.isEmpty() { return ([], page, 0) }
        let query = LogQuery(
            revision: ref, path: path, skip: (page.number - 1) * page.size, limit: page.size, since: since, until: until,
            keyword: keyword)
        let commits = try await repo.log(query).map(CommitDTO.init)
        return (commits, page, counting ? try await repo.countCommits(query) : 0)
    }

    /// DescribeGitCommit.
    @Sendable func describeGitCommit(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("Sha")
        let (_, repo) = try await call.depot(need: .read)
        return CommitOutput(GitCommit: CommitDTO(try await repo.commit(sha)))
    }

    /// CreateGitCommit: one commit of file changes on `Ref` (`HEAD` = the default branch), or
    /// on a new branch `NewRef` started from `Ref`. A non-empty `LastCommitSha` must be the
    /// branch's current head (optimistic locking), else `FailedOperation`.
    @Sendable func createGitCommit(_ call: ActionCall) async throws -> any ActionOutput {
        let files = try call.parameters.array("CommitFiles")
        guard !files.isEmpty else { throw CodingError.invalidValue("CommitFiles", "must not be empty") }
        let c = try await commit(call, message: try call.parameters.string("Message")) { base, repo in
            var actions: [FileAction] = []
            for (index, file) in files.enumerated() {
                actions.append(try await action(file, index: index, base: base, repo: repo))
            }
            return actions
        }
        return CommitOutput(GitCommit: CommitDTO(c))
    }

    /// CreateGitFiles: new files (`GitFiles[{Path,Content}]`) in one commit; same branch rules as CreateGitCommit.
    @Sendable func createGitFiles(_ call: ActionCall) async throws -> any ActionOutput {
        let files = try gitFiles(call)
        let c = try await commit(call, message: try call.parameters.string("Message")) { _, _ in
            files.map { .create(path: $0.path, content: .text($0.content)) }
        }
        return CommitOutput(GitCommit: CommitDTO(c))
    }

    /// ModifyGitFiles: replace files' content, moving them when `NewPath` differs.
    @Sendable func modifyGitFiles(_ call: ActionCall) async throws -> any ActionOutput {
        let files = try gitFiles(call)
        let c = try await commit(call, message: try call.parameters.string("Message")) { _, _ in
            files.map { f in
                if let to = f.newPath, !to.isEmpty, to != f.path { return .move(from: f.path, to: to, content: .text(f.content)) }
                return .update(path: f.path, content: .text(f.content))
            }
        }
        return CommitOutput(GitCommit: CommitDTO(c))
    }

    /// DeleteGitFiles: remove `Paths` from `Ref` in one commit.
    @Sendable func deleteGitFiles(_ call: ActionCall) async throws -> any ActionOutput {
        let paths = try call.parameters.array("Paths").enumerated().map { index, value in
            guard case .string(let p) = value, !p.isEmpty else {
                throw CodingError.invalidParameter("Paths.\(index)", "must be a non-empty string")
            }
            return p
        }
        guard !paths.isEmpty else { throw CodingError.invalidValue("Paths", "must not be empty") }
        let c = try await commit(call, message: try call.parameters.string("CommitMessage")) { _, _ in
            paths.map { .delete(path: $0) }
        }
        return CommitOutput(GitCommit: CommitDTO(c))
    }

    /// `GitFiles[{Path, Content, NewPath}]` of CreateGitFiles/ModifyGitFiles.
    private func gitFiles(_ call: ActionCall) throws -> [(path: String, content: String, newPath: String?)] {
        let items = try call.parameters.array("GitFiles")
        guard !items.isEmpty else { throw CodingError.invalidValue("GitFiles", "must not be empty") }
        return try items.enumerated().map { index, item in
            guard case .object(let object) = item else {
                throw CodingError.invalidParameter("GitFiles.\(index)", "must be an object")
            }
            let f = ActionParameters(object)
            guard let path = try f.optionalString("Path"), !path.isEmpty else {
                throw CodingError.missingParameter("GitFiles.\(index).Path")
            }
            return (path, try f.optionalString("Content") ?? "", try f.optionalString("NewPath"))
        }
    }

    /// The branch rules every API commit shares: `Ref` (`HEAD` = default branch), optional
    /// `NewRef` (a new branch from `Ref`), optional `LastCommitSha` (optimistic lock). `build`
    /// gets the base commit (nil in an empty depot) and returns the file actions. The commit is
    /// published like a push.
    private func commit(
        _ call: ActionCall, message: String,
        build: (_ base: String?, _ repo: GitRepository) async throws -> [FileAction]
    ) async throws -> GitCommit {
        let p = call.parameters
        return try await Self.commit(
            call, ref: try p.string("Ref"), newRef: try p.optionalString("NewRef") ?? "",
            lastSHA: try p.optionalString("LastCommitSha") ?? "", message: message, build: build)
    }

    /// One API commit on `ref`, or on the new branch `newRef` when non-empty, under the branch
    /// rules a push by the caller would meet (`RefRules`).
    static func commit(
        _ call: ActionCall, ref requested: String, newRef: String, lastSHA: String, message: String,
        build: (_ base: String?, _ repo: GitRepository) async throws -> [FileAction]
    ) async throws -> GitCommit {
        var ref = requested
        let (depot, repo) = try await call.depot(need: .write)

        if let branch = RefName(full: ref).branchName { ref = branch }
        if ref == "HEAD" { ref = try await repo.defaultBranch() ?? call.services.configuration.defaultBranch }
        return try await call.changeRefs(in: depot, checking: [.branch(newRef.isEmpty ? ref : newRef)]) { [ref] repo in
            let expectedLast = try await Self.requireHead(lastSHA, of: ref, repo)
            var request: CommitRequest
            let base: String?
            if newRef.isEmpty {
                base = try await repo.resolveCommitIfPresent(ref)
                request = CommitRequest(
                    branch: ref, expectedHead: expectedLast.map { .sha($0) } ?? .any, message: message,
                    author: call.gitIdentity, actions: [])
            } else {
                base = try await repo.isEmpty() ? nil : try await repo.resolveCommit(expectedLast ?? ref)
                request = CommitRequest(
                    branch: newRef, startPoint: base, expectedHead: .absent, message: message, author: call.gitIdentity,
                    actions: [])
            }
            request.actions = try await build(base, repo)
            let result = try await repo.createCommit(request, pusher: call.pusher)
            return (result.commit, [result.event])
        }
    }

    /// A non-empty `LastCommitSha` must be the current head of `branch` (also when the commit
    /// starts a new branch from it): anything else, an unknown SHA included, is a stale write
    /// (`FailedOperation`). Returns the head to expect, nil when no `LastCommitSha` was given.
    static func requireHead(_ lastSHA: String, of branch: String, _ repo: GitRepository) async throws -> String? {
        guard !lastSHA.isEmpty else { return nil }
        let head = try await repo.resolveCommitIfPresent(RefName.branch(branch).full)
        let given = (try? await repo.resolveCommitIfPresent(lastSHA)) ?? nil
        guard let head, given == head else {
            throw SlipwayError.conflict(
                "stale write: LastCommitSha \(lastSHA) is not the head of \(branch) (\(head ?? "no commits yet")); reload and retry")
        }
        return head
    }

    /// CreateGitCommitNote: the note on `CommitSha` under `refs/notes/commits` (replacing any).
    @Sendable func createGitCommitNote(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let sha = try p.string("CommitSha"), note = try p.string("Note")
        try Self.requireDefaultNotesRef(p)
        let (_, repo) = try await call.depot(need: .write)
        try await repo.addNote(to: sha, message: note, author: call.gitIdentity)
        return NoOutput()
    }

    /// DescribeGitCommitNote: "" when the commit has no note.
    @Sendable func describeGitCommitNote(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("CommitSha")
        try Self.requireDefaultNotesRef(call.parameters)
        let (_, repo) = try await call.depot(need: .read)
        return CommitNoteOutput(CommitNote: try await repo.note(for: sha) ?? "")
    }

    /// Only git's default notes ref is stored (CODING itself advises leaving `NotesRef` empty).
    static func requireDefaultNotesRef(_ p: ActionParameters) throws {
        let ref = try p.optionalString("NotesRef") ?? ""
        guard ref.isEmpty || ref == "refs/notes/commits" || ref == "commits" else {
            throw CodingError.invalidValue("NotesRef", "only refs/notes/commits is supported")
        }
    }

    /// One `CommitFiles` item → a file action (create vs update decided by the base commit).
    private func action(_ file: JSONValue, index: Int, base: String?, repo: GitRepository) async throws -> FileAction {
        let name = "CommitFiles.\(index)"
        guard case .object(let object) = file else { throw CodingError.invalidParameter(name, "must be an object") }
        let f = ActionParameters(object)
        let path: String
        do { path = try f.string("Path") } catch { throw CodingError.missingParameter(name + ".Path") }
        let content: FileContent?
        switch try f.optionalString("ContentEncoding") ?? "ENCODING_RAW" {
        case "ENCODING_RAW", "": content = try f.optionalString("Content").map(FileContent.text)
        case "ENCODING_BASE64": content = try f.optionalString("Content").map(FileContent.base64)
        default: throw CodingError.invalidValue(name + ".ContentEncoding", "must be ENCODING_RAW or ENCODING_BASE64")
        }
        if try f.optionalBool("WantDelete") == true { return .delete(path: path) }
        if try f.optionalBool("WantRename") == true {
            guard let to = try f.optionalString("NewPath"), !to.isEmpty else {
                throw CodingError.missingParameter(name + ".NewPath")
            }
            return .move(from: path, to: to, content: content)
        }
        var exists = false
        if let base { exists = try await repo.fileExists(at: base, path: path) }
        return exists ? .update(path: path, content: content ?? .text("")) : .create(path: path, content: content ?? .text(""))
    }

    /// DescribeCommitsBetween2Commit: commits in `Source` that `Target` lacks (what merging
    /// Source into Target brings), newest first, and the per-file line counts of that change.
    @Sendable func describeCommitsBetween(_ call: ActionCall) async throws -> any ActionOutput {
        let source = try call.parameters.string("Source"), target = try call.parameters.string("Target")
        let (_, repo) = try await call.depot(need: .read)
        let cmp = try await repo.compare(base: target, head: source, maxPatchBytes: 0)
        return CommitsBetweenOutput(
            DifferentOfCommitInfo: .init(
                Commits: cmp.commits.map(CommitDTO.init),
                DifferentOfCommits: cmp.files.map {
                    .init(
                        Path: $0.path, Deletions: $0.deletions, Insertions: $0.additions,
                        Name: String($0.path.split(separator: "/").last ?? ""),
                        ChangeType: MergeRequestActions.changeType($0.status))
                },
                Deletions: cmp.stats.deletions, Insertions: cmp.stats.additions, UpdateFileNum: cmp.stats.filesChanged))
    }

    /// DescribeDifferentBetween2Commits: the line diff of one file from `Source` to `Target`.
    @Sendable func describeDifferentBetween(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let source = try p.string("Source"), target = try p.string("Target"), path = try p.string("Path")
        let (_, repo) = try await call.depot(need: .read)
        let files = try await repo.diff(from: source, to: target)
        guard let file = files.first(where: { $0.path == path || $0.oldPath == path }) else {
            return FileDiffOutput(DiffFileInfo: .init(DifferentLines: [], Deletions: 0, Insertions: 0))
        }
        if file.patchTruncated { throw SlipwayError.failedPrecondition("the diff is too large to show") }
        return FileDiffOutput(
            DiffFileInfo: .init(
                DifferentLines: DiffLines.parse(file.patch, hunkPrefix: " "), Deletions: file.deletions, Insertions: file.additions))
    }
}

extension CommitActions {
    /// DescribeGitCommitDiff: the files a commit changed against its first parent; `Path` narrows to one file.
    @Sendable func describeGitCommitDiff(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("Sha")
        let path = try call.parameters.optionalString("Path").flatMap { $0.isEmpty ? nil : $0 }
        let (_, repo) = try await call.depot(need: .read)
        let detail = try await repo.commitDetail(sha)
        let files = detail.files.filter { path == nil || $0.path == path || $0.oldPath == path }
        return CommitDiffOutput(
            Diffs: files.map { file in
                let modes = DiffLines.modes(file.patch)
                return GitDiffDTO(
                    Path: file.path, Content: file.patch, Lines: DiffLines.parse(file.patch, hunkPrefix: "\u{0}"),
                    NewMode: modes.new, OldMode: modes.old, ChangeType: DiffLines.changeType(file.status),
                    Insertions: file.additions, Deletions: file.deletions, OldPath: file.oldPath ?? "")
            })
    }

    /// DescribeGitMergeBase.
    @Sendable func describeGitMergeBase(_ call: ActionCall) async throws -> any ActionOutput {
        let src = try call.parameters.string("SrcRef"), dest = try call.parameters.string("DestRef")
        let (_, repo) = try await call.depot(need: .read)
        let a = try await repo.resolveCommit(src), b = try await repo.resolveCommit(dest)
        guard let base = try await repo.mergeBase(a, b) else {
            throw SlipwayError.notFound("\(src) and \(dest) have no common ancestor")
        }
        let c = try await repo.commit(base)
        return MergeBaseOutput(Commit: CommitDTO(c))
    }
}

/// Unified diff → CODING's numbered diff lines.
enum DiffLines {
    /// CODING marks hunk headers with `"\u{0}"` in commit diffs and `" "` in two-commit diffs.
    static func parse(_ patch: String, hunkPrefix: String) -> [DiffLineDTO] {
        var lines: [DiffLineDTO] = []
        var left = 0, right = 0, inHunk = false
        for raw in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("@@") {
                inHunk = true
                let nums = line.split(separator: " ")
                if nums.count >= 3 {
                    left = Int(nums[1].dropFirst().split(separator: ",")[0]) ?? 0
                    right = Int(nums[2].dropFirst().split(separator: ",")[0]) ?? 0
                }
                lines.append(DiffLineDTO(Index: lines.count, LeftNo: 0, Prefix: hunkPrefix, RightNo: 0, Text: line + "\n"))
                continue
            }
            guard inHunk, let first = line.first else { continue }
            switch first {
            case "+":
                lines.append(DiffLineDTO(Index: lines.count, LeftNo: 0, Prefix: "+", RightNo: right, Text: String(line.dropFirst())))
                right += 1
            case "-":
                lines.append(DiffLineDTO(Index: lines.count, LeftNo: left, Prefix: "-", RightNo: 0, Text: String(line.dropFirst())))
                left += 1
            case " ":
                lines.append(DiffLineDTO(Index: lines.count, LeftNo: left, Prefix: " ", RightNo: right, Text: String(line.dropFirst())))
                left += 1
                right += 1
            case "\\":
                if !lines.isEmpty { lines[lines.count - 1].Text += line }
            default:
                inHunk = false
            }
        }
        return lines
    }

    /// `(old, new)` file modes from a patch's extended header ("" when unchanged/unknown).
    static func modes(_ patch: String) -> (old: String, new: String) {
        var old = "", new = ""
        for line in patch.split(separator: "\n").prefix(8) {
            if line.hasPrefix("new file mode ") {
                new = String(line.dropFirst(14))
            } else if line.hasPrefix("deleted file mode ") {
                old = String(line.dropFirst(18))
            } else if line.hasPrefix("old mode ") {
                old = String(line.dropFirst(9))
            } else if line.hasPrefix("new mode ") {
                new = String(line.dropFirst(9))
            } else if line.hasPrefix("index "), let mode = line.split(separator: " ").dropFirst(2).first {
                if old.isEmpty { old = String(mode) }
                if new.isEmpty { new = String(mode) }
            }
        }
        return (old, new)
    }

    static func changeType(_ status: FileChangeStatus) -> String {
        switch status {
        case .added: return "add"
        case .modified: return "modify"
        case .deleted: return "delete"
        case .renamed: return "rename"
        case .copied: return "copy"
        case .typeChanged: return "type_change"
        }
    }
}
