import Foundation
import SlipwayCore

extension GitRepository {
    /// Builds a commit from file actions without any working tree and moves the branch to it
    /// atomically: objects via `hash-object -w`, the tree in a private `GIT_INDEX_FILE`, then
    /// `commit-tree` and `update-ref <ref> <new> <old>`, so a concurrent push makes this fail
    /// with `conflict` instead of losing either change.
    package func createCommit(_ request: CommitRequest, pusher: Pusher?) async throws -> CommitResult {
        let ref = try RefFormat.branch(request.branch)
        let author = try request.author.validated()
        let committer = try (request.committer ?? request.author).validated()
        guard !request.actions.isEmpty else { throw SlipwayError.invalidInput("a commit needs at least one action") }
        guard !request.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SlipwayError.invalidInput("commit message is empty")
        }
        let current = try await refTarget(ref)
        switch (current, request.expectedHead) {
        case (let head?, .sha(let expected)) where head != expected:
            throw SlipwayError.conflict("branch \(request.branch) is at \(head), not \(expected)")
        case (.some, .absent):
            throw SlipwayError.conflict("branch \(request.branch) already exists")
        case (nil, .sha(let expected)):
            throw SlipwayError.conflict("branch \(request.branch) does not exist (expected \(expected))")
        default: break
        }
        var parent = current
        if parent == nil {
            if let start = request.startPoint {
                parent = try await resolveCommit(start)
            } else if !(try await isEmpty()) {
                throw SlipwayError.notFound("branch \(request.branch) not found and no start point given")
            }
        }
        let tree = try await buildTree(parent: parent, actions: request.actions)
        if let parent {
            let parentTree = try await git.run(["rev-parse", parent + "^{tree}"]).trimmed
            guard parentTree != tree else { throw SlipwayError.failedPrecondition("the commit changes nothing") }
        }
        let new = try await commitTree(
            tree, parents: parent.map { [$0] } ?? [], message: request.message, author: author, committer: committer)
        let result = try await moveRef(ref, from: current, to: new, pusher: pusher, reason: "slipway: commit")
        return CommitResult(commit: try await commit(new), event: result)
    }

    /// Applies the actions to a temporary index seeded from `parent` and writes the tree.
    func buildTree(parent: String?, actions: [FileAction]) async throws -> String {
        let indexFile = directory + "/slipway-index-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: indexFile) }
        let index = git.adding(["GIT_INDEX_FILE": indexFile, "GIT_LITERAL_PATHSPECS": "1"])
        if let parent { try await index.run(["read-tree", parent]) }

        var touched: [String] = []
        for action in actions {
            switch action {
            case .create(let p, _, _), .update(let p, _), .delete(let p): touched.append(try RefFormat.treePath(p))
            case .move(let from, let to, _): touched += [try RefFormat.treePath(from), try RefFormat.treePath(to)]
            }
        }
        guard !touched.contains(where: \.isEmpty) else { throw SlipwayError.invalidInput("empty file path") }
        var entries: [String: (mode: String, sha: String)] = [:]
        let listed = try await index.run(["ls-files", "--stage", "-z", "--"] + touched)
        for record in listed.text.split(separator: "\0") {
            guard let tab = record.firstIndex(of: "\t") else { continue }
            let meta = record[..<tab].split(separator: " ")
            if meta.count == 3 { entries[String(record[record.index(after: tab)...])] = (String(meta[0]), String(meta[1])) }
        }

        var lines = ""
        func put(_ path: String, mode: String, sha: String) {
            entries[path] = (mode, sha)
            lines += "\(mode) \(sha)\t\(path)\0"
        }
        func remove(_ path: String) {
            entries[path] = nil
            lines += "0 \(RefFormat.zeroSHA)\t\(path)\0"
        }
        for action in actions {
            switch action {
            case .create(let raw, let content, let executable):
                let p = try RefFormat.treePath(raw)
                guard entries[p] == nil else { throw SlipwayError.conflict("file \(p) already exists") }
                put(p, mode: executable ? "100755" : "100644", sha: try await hashObject(content.bytes()))
            case .update(let raw, let content):
                let p = try RefFormat.treePath(raw)
                guard let old = entries[p] else { throw SlipwayError.notFound("file \(p) not found") }
                put(p, mode: old.mode, sha: try await hashObject(content.bytes()))
            case .delete(let raw):
                let p = try RefFormat.treePath(raw)
                guard entries[p] != nil else { throw SlipwayError.notFound("file \(p) not found") }
                remove(p)
            case .move(let rawFrom, let rawTo, let content):
                let from = try RefFormat.treePath(rawFrom), to = try RefFormat.treePath(rawTo)
                guard let old = entries[from] else { throw SlipwayError.notFound("file \(from) not found") }
                guard entries[to] == nil else { throw SlipwayError.conflict("file \(to) already exists") }
                var sha = old.sha
                if let content { sha = try await hashObject(content.bytes()) }
                remove(from)
                put(to, mode: old.mode, sha: sha)
            }
        }
        let update = try await index.output(["update-index", "-z", "--index-info"], input: Array(lines.utf8))
        guard update.succeeded else {
            throw SlipwayError.conflict("cannot apply file actions: \(update.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return try await index.run(["write-tree"]).trimmed
    }

    func hashObject(_ bytes: [UInt8]) async throws -> String {
        try await git.run(["hash-object", "-w", "--no-filters", "--stdin"], input: bytes).trimmed
    }

    func commitTree(
        _ tree: String, parents: [String], message: String, author: GitIdentity, committer: GitIdentity,
        authorTime: Int64? = nil
    ) async throws -> String {
        var env = author.environment(as: "AUTHOR")
        env.merge(committer.environment(as: "COMMITTER")) { $1 }
        // Replayed commits keep their author time (milliseconds; git stores seconds).
        if let authorTime { env["GIT_AUTHOR_DATE"] = "@\(authorTime / 1000) +0000" }
        var args = ["commit-tree", tree]
        for parent in parents { args += ["-p", parent] }
        args += ["-F", "-"]
        var text = message
        if !text.hasSuffix("\n") { text += "\n" }
        return try await git.adding(env).run(args, input: Array(text.utf8)).trimmed
    }

    /// Moves `ref` from `old` (nil: must not exist) to `new` with compare-and-swap semantics and
    /// returns the push event. Commits are collected before the move, while "introduced" still
    /// means "not reachable from any ref".
    func moveRef(_ ref: String, from old: String?, to new: String, pusher: Pusher?, reason: String) async throws -> PushEvent {
        let update = try await Self.classify(ref: ref, old: old ?? RefFormat.zeroSHA, new: new, git: git)
        let commits = try await Self.introducedCommits(update, git: git)
        let out = try await git.output(["update-ref", "-m", reason, ref, new, old ?? RefFormat.zeroSHA])
        guard out.succeeded else {
            throw SlipwayError.conflict("\(ref) changed concurrently; nothing was written")
        }
        return event(for: update, pusher: pusher, commits: commits)
    }
}
