import Foundation
import SlipwayCore

/// A raw git object.
package struct GitObject: Sendable, Equatable {
    package var sha: String
    /// `blob`, `tree`, `commit` or `tag`.
    package var type: String
    package var size: Int
    /// Content, up to the requested limit.
    package var content: [UInt8]
}

/// Someone who authored commits on a ref.
package struct GitContributor: Sendable, Equatable {
    package var name: String
    package var email: String
    package var commits: Int
}

/// A branch or tag resolved by name.
package struct GitRefInfo: Sendable, Equatable {
    /// `refs/heads/x` or `refs/tags/x`.
    package var name: String
    /// What the ref points at (an annotated tag's tag object).
    package var refObjectID: String
    /// The commit it finally designates.
    package var objectID: String
    package var isAnnotatedTag: Bool
    /// The tag message for annotated tags, else the commit message.
    package var message: String
}

extension GitRepository {
    /// Any object by full or abbreviated SHA; `notFound` when absent.
    package func object(_ sha: String, maxBytes: Int = 10 << 20) async throws -> GitObject {
        guard sha.count >= 4, sha.count <= 64, sha.allSatisfy(\.isHexDigit) else { throw SlipwayError.invalidInput("invalid object id \(sha)") }
        let full = try await git.output(["rev-parse", "--verify", "--quiet", sha + "^{object}"])
        guard full.succeeded else { throw SlipwayError.notFound("object \(sha) not found") }
        let id = full.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let type = try await git.run(["cat-file", "-t", id]).text.trimmingCharacters(in: .whitespacesAndNewlines)
        let size = Int(try await git.run(["cat-file", "-s", id]).text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        guard size <= maxBytes else { throw SlipwayError.failedPrecondition("object \(sha) is larger than \(maxBytes) bytes") }
        let content = try await git.run(["cat-file", type, id]).stdout
        return GitObject(sha: id, type: type, size: size, content: content)
    }

    /// Authors of the commits reachable from `revision`, most commits first.
    package func contributors(_ revision: String) async throws -> [GitContributor] {
        let sha = try await resolveCommit(revision)
        let out = try await git.run(["shortlog", "-sne", sha, "--"])
        return out.lines.compactMap { line in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let count = Int(parts[0].trimmingCharacters(in: .whitespaces)) else { return nil }
            let who = String(parts[1])
            guard let open = who.lastIndex(of: "<"), who.hasSuffix(">") else {
                return GitContributor(name: who, email: "", commits: count)
            }
            let name = who[..<open].trimmingCharacters(in: .whitespaces)
            let email = String(who[who.index(after: open)..<who.index(before: who.endIndex)])
            return GitContributor(name: name, email: email, commits: count)
        }
    }

    /// Tag names whose commits are contained in a branch.
    package func tags(mergedInto branch: String) async throws -> [String] {
        let ref = try RefFormat.branch(branch)
        guard try await resolveCommitIfPresent(ref) != nil else { throw SlipwayError.notFound("branch \(branch) not found") }
        return try await git.run(["tag", "--list", "--merged", ref]).lines.map(String.init)
    }

    /// A branch (preferred) or tag by short or full name.
    package func ref(_ revision: String) async throws -> GitRefInfo {
        let candidates: [String]
        if revision.hasPrefix("refs/") {
            guard RefFormat.isValid(revision) else { throw SlipwayError.invalidInput("invalid ref \(revision)") }
            candidates = [revision]
        } else {
            candidates = [try RefFormat.branch(revision), try RefFormat.tag(revision)]
        }
        for name in candidates {
            let direct = try await git.output(["rev-parse", "--verify", "--quiet", name])
            guard direct.succeeded else { continue }
            let target = direct.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let commit = try await resolveCommit(name)
            let annotated = try await git.run(["cat-file", "-t", target]).text.hasPrefix("tag")
            let message =
                annotated
                ? try await git.run(["for-each-ref", "--format=%(contents)", name]).text
                : try await git.run(["show", "-s", "--format=%B", commit]).text
            return GitRefInfo(
                name: name, refObjectID: target, objectID: commit, isAnnotatedTag: annotated,
                message: message.hasSuffix("\n\n") ? String(message.dropLast()) : message)
        }
        throw SlipwayError.notFound("ref \(revision) not found")
    }
}
