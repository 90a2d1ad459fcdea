import Foundation
import SlipwayCore

extension GitRepository {
    /// A page of history, newest first.
    package func log(_ query: LogQuery) async throws -> [GitCommit] {
        guard query.skip >= 0, (1...1000).contains(query.limit) else {
            throw SlipwayError.invalidInput("skip must be >= 0 and limit 1...1000")
        }
        if try await isEmpty() { return [] }
        let args = ["log", "--format=" + GitCommit.format, "--skip=\(query.skip)", "--max-count=\(query.limit)"]
        return GitCommit.parse(try await git.adding(["GIT_LITERAL_PATHSPECS": "1"]).run(try await filtered(args, query)).text)
    }

    /// How many commits `query` matches in all (its `skip` and `limit` aside).
    package func countCommits(_ query: LogQuery) async throws -> Int {
        if try await isEmpty() { return 0 }
        let out = try await git.adding(["GIT_LITERAL_PATHSPECS": "1"]).run(try await filtered(["rev-list", "--count"], query))
        return Int(out.trimmed) ?? 0
    }

    /// `command` with the query's filters, start revision and path appended.
    private func filtered(_ command: [String], _ query: LogQuery) async throws -> [String] {
        var args = command
        if let since = query.since { args.append("--since=\(Int64(since.timeIntervalSince1970))") }
        if let until = query.until { args.append("--until=\(Int64(until.timeIntervalSince1970))") }
        if query.author != nil || query.keyword != nil { args += ["--regexp-ignore-case", "--fixed-strings"] }
        if let author = query.author { args.append("--author=" + author) }
        if let keyword = query.keyword { args.append("--grep=" + keyword) }
        let start = try await resolveCommit(query.revision ?? "HEAD")
        args += ["--end-of-options", start, "--"]
        if let path = query.path {
            let p = try RefFormat.treePath(path)
            if !p.isEmpty { args.append(p) }
        }
        return args
    }

    /// One commit's metadata; `notFound` when the revision does not resolve.
    package func commit(_ revision: String) async throws -> GitCommit {
        let sha = try await resolveCommit(revision)
        let out = try await git.run(["show", "-s", "--format=" + GitCommit.format, sha])
        guard let commit = GitCommit.parse(out.text).first else { throw SlipwayError.notFound("commit \(revision) not found") }
        return commit
    }

    /// A commit with the files it changed against its first parent (or the empty tree).
    package func commitDetail(_ revision: String, maxPatchBytes: Int = 1 << 20) async throws -> (commit: GitCommit, files: [FileDiff], stats: DiffStats) {
        let commit = try await commit(revision)
        let base = commit.parents.first ?? Self.emptyTree
        let files = try await diffSHAs(base, commit.sha, maxPatchBytes: maxPatchBytes)
        return (commit, files, Self.stats(files))
    }

    /// The diff between two revisions (`from` → `to`).
    package func diff(from: String, to: String, maxPatchBytes: Int = 1 << 20) async throws -> [FileDiff] {
        let a = try await resolveCommit(from), b = try await resolveCommit(to)
        return try await diffSHAs(a, b, maxPatchBytes: maxPatchBytes)
    }

    /// For merge requests: commits in `head` not in `base`, and the diff from their merge base.
    package func compare(base: String, head: String, maxCommits: Int = 250, maxPatchBytes: Int = 1 << 20) async throws -> Comparison {
        let b = try await resolveCommit(base), h = try await resolveCommit(head)
        let mb = try await mergeBase(b, h)
        let out = try await git.run(["log", "--format=" + GitCommit.format, "--max-count=\(maxCommits)", h, "^" + b, "--"])
        let files = try await diffSHAs(mb ?? Self.emptyTree, h, maxPatchBytes: maxPatchBytes)
        return Comparison(mergeBase: mb, commits: GitCommit.parse(out.text), files: files, stats: Self.stats(files))
    }

    /// The SHA-1 of the empty tree, the diff base of root commits.
    static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    static func stats(_ files: [FileDiff]) -> DiffStats {
        DiffStats(
            additions: files.reduce(0) { $0 + $1.additions }, deletions: files.reduce(0) { $0 + $1.deletions },
            filesChanged: files.count)
    }

    /// name-status, numstat and patch of `a..b` (object names already resolved), joined by
    /// position: git emits the three in the same order for the same options.
    func diffSHAs(_ a: String, _ b: String, maxPatchBytes: Int) async throws -> [FileDiff] {
        let common = ["-M", "--no-color", "--no-ext-diff", "--no-textconv", a, b, "--"]
        let names = try await git.run(["diff", "--name-status", "-z"] + common)
        let nums = try await git.run(["diff", "--numstat", "-z"] + common)
        var files: [FileDiff] = []
        var fields = names.text.split(separator: "\0", omittingEmptySubsequences: false)[...]
        while let code = fields.popFirst(), !code.isEmpty {
            let status = FileChangeStatus(rawValue: String(code.prefix(1))) ?? .modified
            var old: String?
            var path = String(fields.popFirst() ?? "")
            if status == .renamed || status == .copied {
                old = path
                path = String(fields.popFirst() ?? "")
            }
            files.append(
                FileDiff(
                    status: status, path: path, oldPath: old, additions: 0, deletions: 0, isBinary: false, patch: "",
                    patchTruncated: false))
        }
        // numstat -z: "add\tdel\tpath\0" or, for renames, "add\tdel\t\0old\0new\0".
        var numFields = nums.text.split(separator: "\0", omittingEmptySubsequences: false)[...]
        var index = 0
        while let head = numFields.popFirst(), !head.isEmpty, index < files.count {
            let parts = head.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, parts[2].isEmpty { _ = numFields.popFirst(); _ = numFields.popFirst() }
            if parts.count >= 2 {
                files[index].isBinary = parts[0] == "-"
                files[index].additions = Int(parts[0]) ?? 0
                files[index].deletions = Int(parts[1]) ?? 0
            }
            index += 1
        }
        let patch = try await git.output(["diff", "--patch", "--full-index"] + common)
        if patch.succeeded, patch.stdout.count <= maxPatchBytes {
            let blocks = patch.text.components(separatedBy: "\ndiff --git ")
            for (i, block) in blocks.enumerated() where i < files.count {
                files[i].patch = (i == 0 ? block : "diff --git " + block) + (i == blocks.count - 1 ? "" : "\n")
            }
        } else {
            for i in files.indices { files[i].patchTruncated = true }
        }
        return files
    }
}
