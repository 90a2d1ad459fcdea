import Foundation
import SlipwayCore

extension GitRepository {
    /// Lists the directory `path` ("" for the root) at `revision`.
    package func tree(at revision: String, path: String = "") async throws -> [TreeEntry] {
        let sha = try await resolveCommit(revision)
        let dir = try RefFormat.treePath(path)
        let treeish = dir.isEmpty ? sha + "^{tree}" : sha + ":" + dir
        let type = try await git.output(["cat-file", "-t", treeish])
        guard type.succeeded, type.trimmed == "tree" else { throw SlipwayError.notFound("directory \(path) not found") }
        let out = try await git.run(["ls-tree", "-z", "-l", "--end-of-options", treeish])
        return out.text.split(separator: "\0").compactMap { record in
            guard let tab = record.firstIndex(of: "\t") else { return nil }
            let meta = record[..<tab].split(separator: " ", omittingEmptySubsequences: true)
            guard meta.count == 4, let type = TreeEntryType(rawValue: String(meta[1])) else { return nil }
            let name = String(record[record.index(after: tab)...])
            return TreeEntry(
                name: name, path: dir.isEmpty ? name : dir + "/" + name, mode: String(meta[0]), type: type,
                sha: String(meta[2]), size: Int64(meta[3]))
        }
    }

    /// Reads the file at `path`; content is nil when it is larger than `maxBytes`.
    package func blob(at revision: String, path: String, maxBytes: Int = 10 << 20) async throws -> Blob {
        let sha = try await resolveCommit(revision)
        let file = try RefFormat.treePath(path)
        guard !file.isEmpty else { throw SlipwayError.invalidInput("empty path") }
        let check = try await git.run(["cat-file", "--batch-check"], input: Array("\(sha):\(file)\n".utf8))
        let parts = check.trimmed.split(separator: " ")
        guard parts.count == 3, parts[1] == "blob", let size = Int64(parts[2]) else {
            throw SlipwayError.notFound("file \(path) not found")
        }
        guard size <= maxBytes else { return Blob(sha: String(parts[0]), size: size, isBinary: false, content: nil) }
        let content = try await git.run(["cat-file", "blob", String(parts[0])]).stdout
        return Blob(sha: String(parts[0]), size: size, isBinary: content.prefix(8000).contains(0), content: content)
    }

    /// Whether a file or directory exists at `path`.
    package func fileExists(at revision: String, path: String) async throws -> Bool {
        let sha = try await resolveCommit(revision)
        let file = try RefFormat.treePath(path)
        return try await git.output(["cat-file", "-e", "\(sha):\(file)"]).succeeded
    }

    /// Line-by-line authorship of a file (`git blame --porcelain`).
    package func blame(at revision: String, path: String) async throws -> [BlameLine] {
        let sha = try await resolveCommit(revision)
        let file = try RefFormat.treePath(path)
        guard try await fileExists(at: sha, path: file) else { throw SlipwayError.notFound("file \(path) not found") }
        let out = try await git.run(["blame", "--porcelain", sha, "--", file])
        var infos: [String: (name: String, email: String, time: Int64, summary: String)] = [:]
        var lines: [BlameLine] = []
        var current = "", lineNumber = 0
        for raw in out.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix("\t") {
                let info = infos[current] ?? ("", "", 0, "")
                lines.append(
                    BlameLine(
                        lineNumber: lineNumber, commitSHA: current,
                        author: GitSignature(name: info.name, email: info.email, time: info.time * 1000),
                        summary: info.summary, text: String(raw.dropFirst())))
                continue
            }
            let fields = raw.split(separator: " ", maxSplits: 1)
            guard let key = fields.first else { continue }
            let value = fields.count > 1 ? String(fields[1]) : ""
            if RefFormat.isSHA(String(key)) {
                current = String(key)
                let nums = value.split(separator: " ")
                lineNumber = nums.count >= 2 ? Int(nums[1]) ?? 0 : 0
                if infos[current] == nil { infos[current] = ("", "", 0, "") }
                continue
            }
            switch key {
            case "author": infos[current]?.name = value
            case "author-mail": infos[current]?.email = value.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            case "author-time": infos[current]?.time = Int64(value) ?? 0
            case "summary": infos[current]?.summary = value
            default: break
            }
        }
        return lines
    }

    /// Fixed-string search over the files at `revision` (`git grep`), binary files skipped.
    package func search(
        _ text: String, at revision: String, ignoreCase: Bool = true, path: String? = nil, maxResults: Int = 100
    ) async throws -> [SearchMatch] {
        guard !text.isEmpty, text.utf8.count <= 1000, !text.contains("\n") else {
            throw SlipwayError.invalidInput("search text must be 1...1000 characters on one line")
        }
        let sha = try await resolveCommit(revision)
        var args = ["grep", "-I", "-n", "-z", "--no-color", "--fixed-strings"]
        if ignoreCase { args.append("--ignore-case") }
        args += ["-e", text, sha, "--"]
        if let path, !(try RefFormat.treePath(path)).isEmpty { args.append(try RefFormat.treePath(path)) }
        let out = try await git.adding(["GIT_LITERAL_PATHSPECS": "1"]).output(args)
        guard out.status == 0 || out.status == 1 else { throw GitCommand.failure(args, out) }
        var matches: [SearchMatch] = []
        // "<sha>:<path>\0<line>\0<text>\n"
        for line in out.text.split(separator: "\n") where matches.count < maxResults {
            let f = line.split(separator: "\0", maxSplits: 2, omittingEmptySubsequences: false)
            guard f.count == 3 else { continue }
            let path = f[0].hasPrefix(sha + ":") ? String(f[0].dropFirst(sha.count + 1)) : String(f[0])
            matches.append(SearchMatch(path: path, lineNumber: Int(f[1]) ?? 0, text: String(f[2])))
        }
        return matches
    }

    /// Attaches (or replaces) the note on a commit under `refs/notes/commits`.
    package func addNote(to revision: String, message: String, author: GitIdentity) async throws {
        let sha = try await resolveCommit(revision)
        let who = try author.validated()
        var env = who.environment(as: "AUTHOR")
        env.merge(who.environment(as: "COMMITTER")) { $1 }
        try await git.adding(env).run(["notes", "add", "--force", "--file=-", sha], input: Array(message.utf8))
    }

    /// The note on a commit under `ref` (a full `refs/notes/…` name, see `RefFormat.notes`), nil when there is none.
    package func note(for revision: String, ref: String = "refs/notes/commits") async throws -> String? {
        let sha = try await resolveCommit(revision)
        let notesRef = try RefFormat.notes(ref)
        let out = try await git.output(["notes", "--ref=" + notesRef, "show", sha])
        guard out.succeeded else { return nil }
        return out.trimmed
    }
}
