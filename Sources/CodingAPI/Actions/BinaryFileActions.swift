import Foundation
import SlipwayCore
import SlipwayGit

/// CreateBinaryFiles (CODING §2.8): files given as base64, committed like CreateGitFiles.
struct BinaryFileActions: Sendable {
    /// CODING: "the files together may not exceed 10 MB".
    static let maxTotalBytes = 10 << 20

    /// CreateBinaryFiles: one commit of `GitFiles[{Path, Content (base64), NewPath}]` on `SrcRef`
    /// (optimistic lock `LastCommitSha`), or on the new branch `DestRef` when it names another
    /// branch. A path that exists is replaced, else added; `NewPath` moves it. `UserId` is not
    /// needed: the caller is the author.
    @Sendable func createBinaryFiles(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let source = try p.string("SrcRef"), message = try p.string("Message")
        let destination = try p.optionalString("DestRef") ?? ""
        let files = try Self.files(p)
        let commit = try await CommitActions.commit(
            call, ref: source, newRef: destination == source ? "" : destination,
            lastSHA: try p.optionalString("LastCommitSha") ?? "", message: message
        ) { base, repo in
            var actions: [FileAction] = []
            for file in files {
                let content = FileContent.data(file.data)
                var exists = false
                if let base { exists = try await repo.fileExists(at: base, path: file.path) }
                if let to = file.newPath, to != file.path {
                    actions.append(.move(from: file.path, to: to, content: content))
                } else {
                    actions.append(exists ? .update(path: file.path, content: content) : .create(path: file.path, content: content))
                }
            }
            return actions
        }
        return BinaryFilesOutput(GitCommit: CommitDTO(commit))
    }

    /// `GitFiles`, decoded; at most `maxTotalBytes` in all.
    static func files(_ p: ActionParameters) throws -> [(path: String, data: Data, newPath: String?)] {
        let items = try p.array("GitFiles")
        guard !items.isEmpty else { throw CodingError.invalidValue("GitFiles", "must not be empty") }
        var total = 0
        return try items.enumerated().map { index, item in
            guard case .object(let object) = item else { throw CodingError.invalidParameter("GitFiles.\(index)", "must be an object") }
            let f = ActionParameters(object)
            guard let path = try f.optionalString("Path"), !path.isEmpty else {
                throw CodingError.missingParameter("GitFiles.\(index).Path")
            }
            // Line breaks and missing padding are tolerated; any other stray character is an error.
            var text = (try f.optionalString("Content") ?? "").filter { !$0.isWhitespace }
            text += String(repeating: "=", count: (4 - text.count % 4) % 4)
            guard let data = Data(base64Encoded: text) else {
                throw CodingError.invalidValue("GitFiles.\(index).Content", "must be base64")
            }
            total += data.count
            guard total <= maxTotalBytes else { throw CodingError.invalidValue("GitFiles", "must not exceed 10 MB in all") }
            let newPath = try f.optionalString("NewPath").flatMap { $0.isEmpty ? nil : $0 }
            return (path, data, newPath)
        }
    }
}
