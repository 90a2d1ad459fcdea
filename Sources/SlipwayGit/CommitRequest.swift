import Foundation
import SlipwayCore

/// File content supplied by an API caller.
package enum FileContent: Sendable, Hashable {
    case text(String)
    case data(Data)
    /// Base64 text, decoded (and validated) when the commit is built.
    case base64(String)

    func bytes() throws -> [UInt8] {
        switch self {
        case .text(let s): return Array(s.utf8)
        case .data(let d): return Array(d)
        case .base64(let s):
            guard let d = Data(base64Encoded: s, options: .ignoreUnknownCharacters) else {
                throw SlipwayError.invalidInput("content is not valid base64")
            }
            return Array(d)
        }
    }
}

/// One change of a `createCommit` call. Paths are relative to the repository root.
package enum FileAction: Sendable, Hashable {
    /// Adds a file; `conflict` when it exists.
    case create(path: String, content: FileContent, executable: Bool = false)
    /// Replaces an existing file's content (its mode is kept); `notFound` when missing.
    case update(path: String, content: FileContent)
    /// Removes a file; `notFound` when missing.
    case delete(path: String)
    /// Renames a file, optionally with new content; `notFound`/`conflict` as above.
    case move(from: String, to: String, content: FileContent? = nil)
}

/// What the branch must point at when the commit is applied (optimistic locking).
package enum ExpectedHead: Sendable, Hashable {
    /// No check.
    case any
    /// The branch must not exist yet (a new branch).
    case absent
    /// The branch must still point at this commit; otherwise `conflict`.
    case sha(String)
}

/// A commit built server-side from file actions.
package struct CommitRequest: Sendable, Hashable {
    /// Branch to commit to (short name or `refs/heads/…`).
    package var branch: String
    /// When `branch` does not exist yet: the revision it starts from (nil only for an empty repository).
    package var startPoint: String?
    package var expectedHead: ExpectedHead
    package var message: String
    package var author: GitIdentity
    /// Defaults to the author.
    package var committer: GitIdentity?
    package var actions: [FileAction]

    package init(
        branch: String, startPoint: String? = nil, expectedHead: ExpectedHead = .any, message: String,
        author: GitIdentity, committer: GitIdentity? = nil, actions: [FileAction]
    ) {
        self.branch = branch
        self.startPoint = startPoint
        self.expectedHead = expectedHead
        self.message = message
        self.author = author
        self.committer = committer
        self.actions = actions
    }
}

/// The outcome of a server-side write that moved a branch.
package struct CommitResult: Sendable, Hashable {
    /// The new commit.
    package var commit: GitCommit
    /// The matching push event, so triggers fire for API writes as for pushes.
    package var event: PushEvent
}

extension GitIdentity {
    /// Rejects what git cannot store in an ident line.
    func validated() throws -> GitIdentity {
        let bad: (String) -> Bool = { s in s.contains { "<>\n\r\0".contains($0) } }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, !bad(name), !bad(email), email.utf8.count < 256,
            name.utf8.count < 256
        else { throw SlipwayError.invalidInput("invalid identity: \(name) <\(email)>") }
        return self
    }

    /// `GIT_AUTHOR_*` / `GIT_COMMITTER_*` variables.
    func environment(as role: String) -> [String: String] {
        ["GIT_\(role)_NAME": name, "GIT_\(role)_EMAIL": email]
    }
}
