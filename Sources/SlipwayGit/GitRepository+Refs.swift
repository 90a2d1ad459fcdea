import Foundation
import SlipwayCore

extension GitRepository {
    /// All branches, sorted by name.
    package func branches() async throws -> [GitBranch] {
        let head = try await defaultBranch()
        let out = try await git.run([
            "for-each-ref", "--format=%(refname)%1f%(objectname)%1f%(committerdate:unix)", RefName.branchPrefix,
        ])
        return out.lines.compactMap { line in
            let f = line.split(separator: "\u{1f}", omittingEmptySubsequences: false)
            guard f.count == 3, let name = RefName(full: String(f[0])).branchName else { return nil }
            return GitBranch(
                name: name, sha: String(f[1]), commitTime: (Int64(f[2]) ?? 0) * 1000, isDefault: name == head)
        }
    }

    /// One branch; `notFound` when absent.
    package func branch(_ name: String) async throws -> GitBranch {
        let ref = try RefFormat.branch(name)
        guard let branch = try await branches().first(where: { RefName.branch($0.name).full == ref }) else {
            throw SlipwayError.notFound("branch \(name) not found")
        }
        return branch
    }

    /// All tags, sorted by name, with annotation details and the peeled target commit.
    package func tags() async throws -> [GitTag] {
        let format =
            [
                "%(refname)", "%(objectname)", "%(objecttype)", "%(*objectname)", "%(*objecttype)",
                "%(taggername)", "%(taggeremail)", "%(taggerdate:unix)", "%(contents)",
            ].joined(separator: "%1f") + "%1e"
        let out = try await git.run(["for-each-ref", "--format=" + format, RefName.tagPrefix])
        return out.text.split(separator: "\u{1e}").compactMap { record in
            var text = Substring(record)
            while text.first == "\n" { text.removeFirst() }
            let f = text.split(separator: "\u{1f}", maxSplits: 8, omittingEmptySubsequences: false)
            guard f.count == 9, let name = RefName(full: String(f[0])).tagName else { return nil }
            let annotated = f[2] == "tag"
            let target: String? = annotated ? (f[4] == "commit" ? String(f[3]) : nil) : (f[2] == "commit" ? String(f[1]) : nil)
            var message = String(f[8])
            while message.hasSuffix("\n") { message.removeLast() }
            let email = String(f[6]).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            return GitTag(
                name: name, sha: String(f[1]), targetSHA: target,
                isAnnotated: annotated, message: annotated ? message : nil,
                tagger: annotated ? GitSignature(name: String(f[5]), email: email, time: (Int64(f[7]) ?? 0) * 1000) : nil)
        }
    }

    /// One tag; `notFound` when absent.
    package func tag(_ name: String) async throws -> GitTag {
        let ref = try RefFormat.tag(name)
        guard let tag = try await tags().first(where: { RefName.tag($0.name).full == ref }) else {
            throw SlipwayError.notFound("tag \(name) not found")
        }
        return tag
    }

    /// The branch HEAD points at (short name), nil if HEAD is detached or unreadable.
    package func defaultBranch() async throws -> String? {
        let out = try await git.output(["symbolic-ref", "--quiet", "HEAD"])
        guard out.succeeded else { return nil }
        return RefName(full: out.trimmed).branchName
    }

    /// Points HEAD at a branch; the branch must exist unless the repository is still empty.
    package func setDefaultBranch(_ name: String) async throws {
        let ref = try RefFormat.branch(name)
        if try await refTarget(ref) == nil, !(try await isEmpty()) {
            throw SlipwayError.notFound("branch \(name) not found")
        }
        try await git.run(["symbolic-ref", "HEAD", ref])
    }

    /// When HEAD names a branch that does not exist (an empty repository whose first push used
    /// another name, say `main` where `master` was configured), points HEAD at the first of
    /// `created` that exists, as Gitea and GitLab do, so a clone checks it out. Returns the new
    /// default branch, nil when HEAD was left alone.
    @discardableResult
    package func adoptDefaultBranch(amongCreated created: [String]) async throws -> String? {
        guard !created.isEmpty else { return nil }
        if let head = try await defaultBranch(), try await refTarget(RefName.branch(head).full) != nil { return nil }
        for name in created {
            guard let ref = try? RefFormat.branch(name), try await refTarget(ref) != nil else { continue }
            try await git.run(["symbolic-ref", "HEAD", ref])
            return name
        }
        return nil
    }

    /// Creates a branch at `revision`; `conflict` if it exists, `notFound` if the revision does not.
    @discardableResult
    package func createBranch(_ name: String, from revision: String) async throws -> GitBranch {
        let ref = try RefFormat.branch(name)
        let sha = try await resolveCommit(revision)
        if try await refTarget(ref) != nil { throw SlipwayError.conflict("branch \(name) already exists") }
        let out = try await git.output(["update-ref", "-m", "slipway: create branch", ref, sha, RefFormat.zeroSHA])
        guard out.succeeded else { throw SlipwayError.conflict("branch \(name) already exists") }
        return try await branch(name)
    }

    /// Deletes a branch (optionally only if it still points at `expectedSHA`) and returns the
    /// push event. The default branch cannot be deleted.
    @discardableResult
    package func deleteBranch(_ name: String, expectedSHA: String? = nil, pusher: Pusher? = nil) async throws -> PushEvent {
        let branch = try RefFormat.branchRef(name), ref = branch.full
        guard let current = try await refTarget(ref) else { throw SlipwayError.notFound("branch \(name) not found") }
        if let expectedSHA, expectedSHA != current {
            throw SlipwayError.conflict("branch \(name) is at \(current), not \(expectedSHA)")
        }
        if try await defaultBranch() == branch.shortName {
            throw SlipwayError.failedPrecondition("the default branch \(name) cannot be deleted")
        }
        let out = try await git.output(["update-ref", "-m", "slipway: delete branch", "-d", ref, current])
        guard out.succeeded else { throw SlipwayError.conflict("branch \(name) changed concurrently") }
        let update = RefUpdate(ref: ref, oldSHA: current, newSHA: RefFormat.zeroSHA, isCreate: false, isDelete: true, isForcePush: false)
        return event(for: update, pusher: pusher, commits: ([], 0))
    }

    /// Creates a tag at `revision`: annotated when `message` is given (then `tagger` is
    /// required), else lightweight. `conflict` if the tag exists.
    @discardableResult
    package func createTag(_ name: String, at revision: String, message: String? = nil, tagger: GitIdentity? = nil) async throws -> GitTag {
        let tagRef = try RefFormat.tagRef(name), ref = tagRef.full
        let sha = try await resolveCommit(revision)
        if try await refTarget(ref) != nil { throw SlipwayError.conflict("tag \(name) already exists") }
        var object = sha
        if let message {
            guard let tagger = try tagger?.validated() else {
                throw SlipwayError.invalidInput("an annotated tag needs a tagger")
            }
            let now = Int64(Date().timeIntervalSince1970)
            var text = "object \(sha)\ntype commit\ntag \(tagRef.shortName)\ntagger \(tagger.name) <\(tagger.email)> \(now) +0000\n\n\(message)"
            if !text.hasSuffix("\n") { text += "\n" }
            object = try await git.run(["mktag"], input: Array(text.utf8)).trimmed
        }
        let out = try await git.output(["update-ref", "-m", "slipway: create tag", ref, object, RefFormat.zeroSHA])
        guard out.succeeded else { throw SlipwayError.conflict("tag \(name) already exists") }
        return try await tag(name)
    }

    /// Deletes a tag; `notFound` if absent.
    package func deleteTag(_ name: String) async throws {
        let ref = try RefFormat.tag(name)
        guard let current = try await refTarget(ref) else { throw SlipwayError.notFound("tag \(name) not found") }
        let out = try await git.output(["update-ref", "-m", "slipway: delete tag", "-d", ref, current])
        guard out.succeeded else { throw SlipwayError.conflict("tag \(name) changed concurrently") }
    }
}
