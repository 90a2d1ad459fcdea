/// A person and time on a commit or tag.
package struct GitSignature: Sendable, Hashable, Codable {
    package var name: String
    package var email: String
    /// Milliseconds since the epoch.
    package var time: Int64

    package init(name: String, email: String, time: Int64) {
        self.name = name
        self.email = email
        self.time = time
    }
}

/// A commit's metadata.
package struct GitCommit: Sendable, Hashable, Codable {
    package var sha: String
    package var parents: [String]
    package var treeSHA: String
    package var author: GitSignature
    package var committer: GitSignature
    /// Full message (subject, blank line, body), without the trailing newline.
    package var message: String

    /// First line of the message.
    package var subject: String { String(message.prefix { $0 != "\n" }) }
}

/// Line counts of a change.
package struct DiffStats: Sendable, Hashable, Codable {
    package var additions: Int
    package var deletions: Int
    package var filesChanged: Int

    package init(additions: Int = 0, deletions: Int = 0, filesChanged: Int = 0) {
        self.additions = additions
        self.deletions = deletions
        self.filesChanged = filesChanged
    }
}

extension GitCommit {
    /// `git log`/`show` format read by `parse(_:)`: unit/record separators never occur in
    /// git metadata, so parsing needs no quoting.
    static let format = "%H%x1f%P%x1f%T%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%ct%x1f%B%x1e"

    static func parse(_ output: String) -> [GitCommit] {
        output.split(separator: "\u{1e}").compactMap { record in
            var text = Substring(record)
            while text.first == "\n" { text.removeFirst() }
            let f = text.split(separator: "\u{1f}", maxSplits: 9, omittingEmptySubsequences: false)
            guard f.count == 10, !f[0].isEmpty else { return nil }
            var message = String(f[9])
            while message.hasSuffix("\n") { message.removeLast() }
            return GitCommit(
                sha: String(f[0]), parents: f[1].split(separator: " ").map(String.init), treeSHA: String(f[2]),
                author: GitSignature(name: String(f[3]), email: String(f[4]), time: (Int64(f[5]) ?? 0) * 1000),
                committer: GitSignature(name: String(f[6]), email: String(f[7]), time: (Int64(f[8]) ?? 0) * 1000),
                message: message)
        }
    }

    var pushCommit: PushCommit {
        PushCommit(
            sha: sha, message: message, author: GitIdentity(name: author.name, email: author.email),
            timestamp: author.time)
    }
}
