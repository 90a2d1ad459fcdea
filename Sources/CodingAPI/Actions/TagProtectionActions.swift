import Foundation
import SlipwayCore
import SlipwayGit

/// Tag-protection rules (CODING §2.10): globs over tag names. Tags they cover may be created,
/// moved or deleted only by project administrators, which `RefRules` (SlipwayServices) enforces on push and on
/// CreateGitTag, DeleteGitTag and CreateGitRelease. Managing rules needs project administration.
struct TagProtectionActions: Sendable {
    /// CreateGitProtectedTagRule: `FailedOperation` when the depot has the rule already.
    @Sendable func createGitProtectedTagRule(_ call: ActionCall) async throws -> any ActionOutput {
        let rule = try call.parameters.string("Rule")
        let (depot, _) = try await call.depot(need: .administer)
        try await call.store.tagProtections.create([TagProtectionRule(depotID: depot.id, rule: rule, creatorUID: call.user.uid)])
        return NoOutput()
    }

    /// CreateGitProtectedTagRules: `Rule` is an array of patterns (an item may list several,
    /// comma-separated, as CODING's example `"mas,m,t"` does); rules the depot has already are
    /// kept as they are. All are stored or none.
    @Sendable func createGitProtectedTagRules(_ call: ActionCall) async throws -> any ActionOutput {
        let items: [String]
        if case .string(let one)? = call.parameters.value("Rule") {
            items = [one]
        } else {
            items = try call.parameters.array("Rule").enumerated().map { index, value in
                guard case .string(let s) = value else { throw CodingError.invalidParameter("Rule.\(index)", "must be a string") }
                return s
            }
        }
        let patterns = items.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !patterns.isEmpty else { throw CodingError.missingParameter("Rule") }
        let (depot, _) = try await call.depot(need: .administer)
        try await call.store.tagProtections.create(
            patterns.map { TagProtectionRule(depotID: depot.id, rule: $0, creatorUID: call.user.uid) }, skipExisting: true)
        return NoOutput()
    }

    /// DeleteGitProtectedTagRule: by its exact pattern; `ResourceNotFound` when there is none.
    @Sendable func deleteGitProtectedTagRule(_ call: ActionCall) async throws -> any ActionOutput {
        let rule = try call.parameters.string("Rule")
        let (depot, _) = try await call.depot(need: .administer)
        try await call.store.tagProtections.delete(depotID: depot.id, rule: rule)
        return NoOutput()
    }

    /// DescribeGitProtectedTags: the existing tags any rule covers, with their commits.
    @Sendable func describeGitProtectedTags(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo) = try await call.depot(need: .read)
        let rules = try await call.store.tagProtections.list(depotID: depot.id)
        let tags = try await repo.tags().filter { TagProtectionRule.protecting($0.name, in: rules) != nil }
        return TagsOutput(GitTags: try await RefActions().tagDTOs(tags, repo))
    }

    /// DescribeGitProtectedTagsByRule: the existing tags the depot's rule `Rule` covers;
    /// `ResourceNotFound` when the depot has no such rule.
    @Sendable func describeGitProtectedTagsByRule(_ call: ActionCall) async throws -> any ActionOutput {
        let pattern = try call.parameters.string("Rule")
        let (depot, repo) = try await call.depot(need: .read)
        guard let rule = try await call.store.tagProtections.list(depotID: depot.id).first(where: { $0.rule == pattern }) else {
            throw SlipwayError.notFound("no tag protection rule \(pattern)")
        }
        let tags = try await repo.tags().filter { rule.matches($0.name) }
        return TagsOutput(GitTags: try await RefActions().tagDTOs(tags, repo))
    }
}
