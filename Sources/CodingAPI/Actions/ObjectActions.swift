import Foundation
import SlipwayCore
import SlipwayGit

/// Raw objects, refs and authorship (CODING §2.8–2.10): DescribeGitBlob, DescribeGitBlobRaw,
/// DescribeGitRef, DescribeGitContributors, DescribeGitTagsByBranch.
struct ObjectActions: Sendable {
    /// DescribeGitBlob: a blob by SHA, base64 (`Size` is a string, as CODING sends it).
    @Sendable func describeGitBlob(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("BlobSha")
        let (_, repo) = try await call.depot(need: .read)
        let object = try await repo.object(sha)
        guard object.type == "blob" else { throw SlipwayError.invalidInput("\(sha) is a \(object.type), not a blob") }
        return BlobOutput(
            Data: BlobDTO(
                Size: object.size, Encoding: "base64",
                Content: Data(object.content).base64EncodedString(), BlobSha: object.sha))
    }

    /// DescribeGitBlobRaw: any object's raw content as text (a commit's header and message, a blob's text).
    @Sendable func describeGitBlobRaw(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("BlobSha")
        let (_, repo) = try await call.depot(need: .read)
        let object = try await repo.object(sha)
        return RawContentOutput(Content: String(decoding: object.content, as: UTF8.self))
    }

    /// DescribeGitRef: a branch or tag by name.
    @Sendable func describeGitRef(_ call: ActionCall) async throws -> any ActionOutput {
        let revision = try call.parameters.string("Revision")
        let (_, repo) = try await call.depot(need: .read)
        let ref = try await repo.ref(revision)
        let short = ref.message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return GitRefOutput(
            GitRef: GitRefDTO(
                DisplayName: ref.name, Name: ref.name, ShortMessage: short, FullMessage: ref.message,
                RefObjectId: ref.refObjectID, ObjectId: ref.objectID, AnnotatedTag: ref.isAnnotatedTag))
    }

    /// DescribeGitContributors: authors of the commits on `Ref` (default HEAD), most commits first.
    @Sendable func describeGitContributors(_ call: ActionCall) async throws -> any ActionOutput {
        let ref = try call.parameters.optionalString("Ref").flatMap { $0.isEmpty ? nil : $0 } ?? "HEAD"
        let (_, repo) = try await call.depot(need: .read)
        return ContributorsOutput(
            Contributors: try await repo.contributors(ref).map {
                ContributorDTO(Commits: $0.commits, Email: $0.email, Name: $0.name)
            })
    }

    /// DescribeGitTagsByBranch: tag names contained in a branch.
    @Sendable func describeGitTagsByBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let branch = try call.parameters.string("Branch")
        let (_, repo) = try await call.depot(need: .read)
        return TagNamesOutput(Tags: try await repo.tags(mergedInto: branch))
    }
}
