import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Depot releases (CODING §2.14), each bound to a tag. Creating a release for a tag that does
/// not exist yet creates the tag at `CommitSha` (else `TargetCommitish`), published like a push.
struct ReleaseActions: Sendable {
    @Sendable func createGitRelease(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let tagName = try p.string("TagName"), title = try p.string("Title")
        let body = try p.optionalString("Description") ?? ""
        // The vendor names the starting branch `TargetCommitBranch`; Slipway's older shape `TargetCommitish`.
        let commitish = try p.optionalString("TargetCommitBranch") ?? p.optionalString("TargetCommitish") ?? ""
        let requested = try p.optionalString("CommitSha") ?? ""
        let (depot, _) = try await call.depot(need: .write)
        let draft = ReleaseDraft(
            tagName: tagName, targetCommitish: commitish, commitSHA: requested, title: title, body: body,
            isPrerelease: try p.optionalBool("Pre") ?? false)
        _ = try await call.services.hosting.createRelease(
            draft, in: depot, by: call.user, missingStart: CodingError.missingParameter("CommitSha"))
        return NoOutput()
    }

    /// DescribeGitReleases: `Status` 0 all, 1 released, 2 pre-release; `FromDate`/`ToDate` days.
    @Sendable func describeGitReleases(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let page = try p.page(defaultSize: 10, maxSize: 500)
        let (depot, _) = try await call.depot(need: .read)
        let prerelease: Bool?
        switch try p.optionalInt("Status") ?? 0 {
        case 0: prerelease = nil
        case 1: prerelease = false
        case 2: prerelease = true
        default: throw CodingError.invalidValue("Status", "must be 0, 1 or 2")
        }
        let from = try p.optionalDate("FromDate").map { EpochMillis($0.timeIntervalSince1970 * 1000) }
        let to = try p.optionalDate("ToDate").map { EpochMillis($0.timeIntervalSince1970 * 1000) + 86_400_000 }
        let tag = try p.optionalString("TagName").flatMap { $0.isEmpty ? nil : $0 }
        let (rows, total) = try await call.store.gitReleases.list(
            depotID: depot.id, tagName: tag, prerelease: prerelease, from: from, to: to, page: page.number,
            pageSize: page.size)
        return ReleasePageOutput(ReleasePageList: .init(TotalCount: total, Releases: try await dtos(rows, depot, call)))
    }

    @Sendable func describeGitReleaseDetail(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, release) = try await load(call, need: .read)
        return ReleaseOutput(Release: try await dtos([release], depot, call)[0])
    }

    @Sendable func modifyGitRelease(_ call: ActionCall) async throws -> any ActionOutput {
        var (_, release) = try await load(call, need: .write)
        let p = call.parameters
        if let title = try p.optionalString("Title"), !title.isEmpty { release.title = title }
        if let body = try p.optionalString("Description") { release.body = body }
        if let pre = try p.optionalBool("Pre") { release.isPrerelease = pre }
        release.updatedAt = .now()
        try await call.store.gitReleases.update(release)
        return NoOutput()
    }

    /// DeleteGitRelease: removes the release; the tag stays.
    @Sendable func deleteGitRelease(_ call: ActionCall) async throws -> any ActionOutput {
        let tag = try call.parameters.string("TagName")
        let (depot, _) = try await call.depot(need: .write)
        try await call.store.gitReleases.delete(depotID: depot.id, tagName: tag)
        return NoOutput()
    }

    /// The release named by `Iid` (Slipway's shape) or the vendor's `ReleaseId` (the same
    /// per-depot number) and/or `TagName`; when both a number and a tag are given they must agree.
    func load(_ call: ActionCall, need: DepotAccess) async throws -> (Depot, GitRelease) {
        let p = call.parameters
        let iid = try p.optionalInt("Iid") ?? p.optionalInt("ReleaseId")
        let tag = try p.optionalString("TagName").flatMap { $0.isEmpty ? nil : $0 }
        guard iid != nil || tag != nil else { throw CodingError.missingParameter("ReleaseId") }
        let (depot, _) = try await call.depot(need: need)
        let release: GitRelease?
        if let iid {
            release = try await call.store.gitReleases.get(depotID: depot.id, iid: iid)
        } else {
            release = try await call.store.gitReleases.list(
                depotID: depot.id, tagName: tag, prerelease: nil, from: nil, to: nil, page: 1, pageSize: 1
            ).rows.first
        }
        guard let release, tag == nil || release.tagName == tag else {
            throw SlipwayError.notFound("release \(iid.map(String.init) ?? tag ?? "") not found")
        }
        return (depot, release)
    }

    func dtos(_ releases: [GitRelease], _ depot: Depot, _ call: ActionCall) async throws -> [ReleaseDTO] {
        let ids = try await call.store.numericIDs.userIDs(uids: releases.map(\.creatorUID))
        let projectID = try await call.projectID(depot.projectKey)
        return releases.map {
            ReleaseDTO(
                Id: $0.id, Iid: $0.iid, ReleaseId: $0.iid, Html: MarkdownHTML.render($0.body), Title: $0.title, Body: $0.body, DepotId: $0.depotID,
                TagName: $0.tagName, CommitSha: $0.commitSHA, CreatedAt: $0.createdAt, UpdatedAt: $0.updatedAt,
                CreatorId: ids[$0.creatorUID] ?? 0, ProjectId: projectID, TargetCommitish: $0.targetCommitish,
                TargetCommitBranch: $0.targetCommitish, Pre: $0.isPrerelease)
        }
    }

}
