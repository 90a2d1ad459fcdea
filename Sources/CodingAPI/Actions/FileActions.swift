import Crypto
import Foundation
import SlipwayCore
import SlipwayGit

/// Reading repository content: trees, files, blame, code search (CODING §2.8).
struct FileActions: Sendable {
    /// DescribeGitFiles: one directory level at `Ref` (`Path` default: the root).
    @Sendable func describeGitFiles(_ call: ActionCall) async throws -> any ActionOutput {
        let ref = try call.parameters.string("Ref"), path = try call.parameters.optionalString("Path") ?? ""
        let (_, repo) = try await call.depot(need: .read)
        let entries = try await repo.tree(at: ref, path: path)
        return FilesOutput(
            Items: entries.map {
                TreeItemDTO(Mode: $0.type == .tree ? "tree" : "file", Path: $0.path, Name: $0.name, Sha: $0.sha)
            })
    }

    /// DescribeGitTree: entries under `Path` at `Ref`, the whole subtree when `IsRecursive`
    /// (at most `maxTreeEntries`).
    @Sendable func describeGitTree(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let ref = try p.string("Ref"), path = try p.optionalString("Path") ?? ""
        let recursive = try p.optionalBool("IsRecursive") ?? false
        let (_, repo) = try await call.depot(need: .read)
        let commit = try await repo.resolveCommit(ref)
        var out: [GitTreeDTO] = []
        var pending = [path]
        while let dir = pending.popLast(), out.count < Self.maxTreeEntries {
            for entry in try await repo.tree(at: commit, path: dir) {
                out.append(GitTreeDTO(Mode: entry.mode, Type: entry.type.rawValue, Sha: entry.sha, Path: entry.path))
                if recursive, entry.type == .tree { pending.append(entry.path) }
            }
        }
        return TreesOutput(Trees: Array(out.sorted { $0.Path < $1.Path }.prefix(Self.maxTreeEntries)))
    }

    static let maxTreeEntries = 5000

    /// DescribeGitFile: base64 content, size and SHA-256 of a file at `Ref`.
    @Sendable func describeGitFile(_ call: ActionCall) async throws -> any ActionOutput {
        let ref = try call.parameters.string("Ref"), path = try call.parameters.string("Path")
        let (_, repo) = try await call.depot(need: .read)
        let commit = try await repo.resolveCommit(ref)
        let blob = try await repo.blob(at: commit, path: path)
        guard let content = blob.content else { throw SlipwayError.failedPrecondition("file \(path) is too large to show") }
        let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let normalized = path.split(separator: "/").joined(separator: "/")
        return FileOutput(
            GitFile: GitFileDTO(
                FileName: String(normalized.split(separator: "/").last ?? ""), FilePath: normalized, Size: blob.size,
                Content: Data(content).base64EncodedString(), ContentSha256: digest, Sha: commit, BlobSha: blob.sha))
    }

    /// DescribeGitFileContent: text as is, binary as base64 (`IsText` tells which).
    @Sendable func describeGitFileContent(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("CommitSha"), path = try call.parameters.string("Path")
        let (_, repo) = try await call.depot(need: .read)
        let blob = try await repo.blob(at: sha, path: path)
        guard let content = blob.content else { throw SlipwayError.failedPrecondition("file \(path) is too large to show") }
        let text = blob.isBinary ? nil : String(validating: content, as: UTF8.self)
        let isLFS = text?.hasPrefix("version https://git-lfs.github.com/spec/v1") ?? false
        return FileContentOutput(
            GitFileContent: .init(
                Content: text ?? Data(content).base64EncodedString(), IsText: text != nil, IsLfs: isLFS, IsLargeFileStorage: isLFS))
    }

    /// DescribeGitFileStat: whether `Path` (file or folder) exists at `Ref`.
    @Sendable func describeGitFileStat(_ call: ActionCall) async throws -> any ActionOutput {
        let ref = try call.parameters.string("Ref"), path = try call.parameters.string("Path")
        let (_, repo) = try await call.depot(need: .read)
        return FileStatOutput(Payload: .init(IsExist: try await repo.fileExists(at: ref, path: path)))
    }

    /// DescribeGitBlameInfo: `LineStart`/`LineEnd` (1-based, inclusive) narrow the lines.
    @Sendable func describeGitBlameInfo(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let sha = try p.string("CommitSha"), path = try p.string("FilePath")
        let start = try p.optionalInt("LineStart") ?? 0, end = try p.optionalInt("LineEnd") ?? 0
        let (_, repo) = try await call.depot(need: .read)
        let lines = try await repo.blame(at: sha, path: path).filter {
            (start <= 0 || $0.lineNumber >= start) && (end <= 0 || $0.lineNumber <= end)
        }
        return BlameOutput(
            Info: lines.map {
                .init(
                    CommitSha: $0.commitSHA, Committer: .init(Name: $0.author.name, Email: $0.author.email),
                    CommitDate: $0.author.time, LineNumber: $0.lineNumber, Text: $0.text, ShortMessage: $0.summary)
            })
    }

    /// DescribeCodeSearch: fixed-string, case-insensitive search of `BranchName`, paged.
    @Sendable func describeCodeSearch(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let branch = try p.string("BranchName"), keyword = try p.string("KeyWord")
        let page = try p.page(defaultSize: 10, maxSize: 500)
        let path = try p.optionalString("FilePath").flatMap { $0.isEmpty ? nil : $0 }
        let (_, repo) = try await call.depot(need: .read)
        let commit = try await repo.resolveCommit(branch)
        let matches = try await repo.search(keyword, at: commit, path: path, maxResults: 1000)
        let slice = matches.dropFirst((page.number - 1) * page.size).prefix(page.size)
        return CodeSearchOutput(
            Data: .init(
                GrepLines: slice.map {
                    .init(
                        BranchName: branch, CommitId: commit, Contents: [$0.text], FileMaxLine: $0.lineNumber,
                        LineNum: $0.lineNumber, MaxNum: $0.lineNumber, MinNum: $0.lineNumber, Path: $0.path, Text: $0.text)
                },
                Page: .init(
                    PageNumber: page.number, PageSize: page.size, TotalPage: (matches.count + page.size - 1) / page.size,
                    TotalRow: matches.count)))
    }
}
