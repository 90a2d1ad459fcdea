import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// The CODING dialect: `POST /open-api[?Action=X]` (one URL, the action names the operation),
/// the legacy `GET /api/me`, and (separately, `CodingGitRoutes`) git smart HTTP.
package enum CodingRoutes {
    /// Mount the CODING API over the services `context` (store, depots on disk, event bus).
    /// Expects `AuthenticationMiddleware` earlier on the router.
    package static func register(
        on router: Router<AppRequestContext>, context: ServiceContext,
        configuration: CodingConfiguration = CodingConfiguration()
    ) {
        let services = CodingServices(context: context, configuration: configuration)
        let endpoint = OpenAPIEndpoint(services: services, actions: actionTable())
        router.post("open-api", use: endpoint.handle)
        router.get("open-api", use: endpoint.handleLink)
        router.get("api/me", use: endpoint.legacyMe)
        UploadRoutes.register(on: router, services: services)
    }

    /// Every implemented action: name → handler, plus the vendor's other names for them
    /// (`VendorAliasActions`). Adding an action is one line here plus its handler.
    static func actionTable() -> [String: ActionHandler] {
        let table = ownActions()
        return table.merging(VendorAliasActions.table(table)) { own, _ in own }
    }

    static func ownActions() -> [String: ActionHandler] {
        let projects = ProjectActions(), depots = DepotActions(), refs = RefActions()
        let commits = CommitActions(), files = FileActions(), objects = ObjectActions()
        let mrs = MergeRequestActions(), protection = ProtectionActions(), keys = KeyActions()
        let releases = ReleaseActions()
        let lifecycle = DepotLifecycleActions(), legacyProtection = LegacyProtectionActions()
        let hosting: [String: ActionHandler] = [
            // Team, user, projects (§2.1)
            "DescribeCodingCurrentUser": projects.describeCurrentUser,
            "DescribeTeamMembers": projects.describeTeamMembers,
            "DescribeCodingProjects": projects.describeCodingProjects,
            "DescribeProjectByName": projects.describeProjectByName,
            "DescribeOneProject": projects.describeOneProject,
            "CreateCodingProject": projects.createCodingProject,
            "DeleteOneProject": projects.deleteOneProject,
            "DescribeProjectMembers": projects.describeProjectMembers,
            "CreateProjectMember": projects.createProjectMember,
            // Depots (§2.6)
            "CreateGitDepot": depots.createGitDepot,
            "DescribeGitDepot": depots.describeGitDepot,
            "DescribeDepotByNameInfo": depots.describeDepotByNameInfo,
            "DescribeProjectDepotInfoList": depots.describeProjectDepotInfoList,
            "DescribeMyDepots": depots.describeMyDepots,
            "DeleteGitDepot": lifecycle.deleteGitDepot,
            "ModifyDepotDescription": depots.modifyDepotDescription,
            "ModifyDepotName": depots.modifyDepotName,
            "ModifyDefaultBranch": depots.modifyDefaultBranch,
            "DescribeDepotDefaultBranch": depots.describeDepotDefaultBranch,
            // Branches and tags (§2.10)
            "DescribeGitBranches": refs.describeGitBranches,
            "DescribeGitBranch": refs.describeGitBranch,
            "CreateGitBranch": refs.createGitBranch,
            "DeleteGitBranch": refs.deleteGitBranch,
            "DescribeGitTags": refs.describeGitTags,
            "DescribeGitTag": refs.describeGitTag,
            "CreateGitTag": refs.createGitTag,
            "DeleteGitTag": refs.deleteGitTag,
            "DescribeGitBranchesBySha": refs.describeGitBranchesBySha,
            "DescribeGitTagsBySha": refs.describeGitTagsBySha,
            "DescribeGitRefsBySha": refs.refsBySha(key: .Refs),
            "DescribeCommitRefs": refs.refsBySha(key: .CommitRefs),
            // Commits and diffs (§2.9)
            "DescribeGitCommits": commits.describeGitCommits,
            "DescribeGitCommit": commits.describeGitCommit,
            "CreateGitCommit": commits.createGitCommit,
            "CreateGitFiles": commits.createGitFiles,
            "ModifyGitFiles": commits.modifyGitFiles,
            "DeleteGitFiles": commits.deleteGitFiles,
            "CreateGitCommitNote": commits.createGitCommitNote,
            "DescribeGitCommitNote": commits.describeGitCommitNote,
            "DescribeCommitsBetween2Commit": commits.describeCommitsBetween,
            "DescribeDifferentBetween2Commits": commits.describeDifferentBetween,
            "DescribeGitCommitDiff": commits.describeGitCommitDiff,
            "DescribeGitMergeBase": commits.describeGitMergeBase,
            // Files (§2.8)
            "DescribeGitFiles": files.describeGitFiles,
            "DescribeGitTree": files.describeGitTree,
            "DescribeGitFile": files.describeGitFile,
            "DescribeGitFileContent": files.describeGitFileContent,
            "DescribeGitFileStat": files.describeGitFileStat,
            "DescribeGitBlameInfo": files.describeGitBlameInfo,
            "DescribeCodeSearch": files.describeCodeSearch,
            // Objects, refs, authorship
            "DescribeGitBlob": objects.describeGitBlob,
            "DescribeGitBlobRaw": objects.describeGitBlobRaw,
            "DescribeGitRef": objects.describeGitRef,
            "DescribeGitContributors": objects.describeGitContributors,
            "DescribeGitTagsByBranch": objects.describeGitTagsByBranch,
            // Merge requests (§2.12)
            "CreateGitMergeReq": mrs.createGitMergeReq,
            "DescribeMergeRequest": mrs.describeMergeRequest,
            "ModifyGitMergeRequest": mrs.modifyGitMergeRequest,
            "ModifyCloseMR": mrs.modifyCloseMR,
            "ModifyMergeMR": mrs.modifyMergeMR,
            "ModifyGitMergeRequestRebase": mrs.modifyGitMergeRequestRebase,
            "DescribeCanMerge": mrs.describeCanMerge,
            "DescribeDepotMergeRequests": mrs.describeDepotMergeRequests,
            "DescribeProjectMergeRequests": mrs.describeProjectMergeRequests,
            "DescribeSelfMergeRequests": mrs.describeSelfMergeRequests,
            "DescribeMergeRequestCommits": mrs.describeMergeRequestCommits,
            "DescribeGitMergeRequestDiffs": mrs.describeGitMergeRequestDiffs,
            "DescribeGitMergeRequestDiffDetail": mrs.describeGitMergeRequestDiffDetail,
            "DescribeMergeRequestReviewers": mrs.describeMergeRequestReviewers,
            "CreateMergeRequestReviewer": mrs.createMergeRequestReviewer,
            "DeleteMergeRequestReviewer": mrs.deleteMergeRequestReviewer,
            "DescribeGitMergeRequestParticipants": mrs.describeParticipants,
            "CreateMergeRequestNote": mrs.createMergeRequestNote,
            "DeleteMergeRequestNote": mrs.deleteMergeRequestNote,
            "DescribeSingeMergeRequestNotes": mrs.describeSingleMergeRequestNotes,
            // Slipway extensions: approving (CODING's public API has no approval action)
            "CreateMergeRequestGrant": mrs.grant(true),
            "DeleteMergeRequestGrant": mrs.grant(false),
            // Branch protection (§2.11) and commit statuses (§2.9)
            "CreateBranchProtection": protection.createBranchProtection,
            "DescribeBranchProtections": protection.describeBranchProtections,
            "DescribeBranchProtection": protection.describeBranchProtection,
            "ModifyBranchProtection": protection.modifyBranchProtection,
            "DeleteBranchProtection": protection.deleteBranchProtection,
            "DescribeBranchProtectionMembers": protection.describeBranchProtectionMembers,
            "CreateBranchProtectionMember": protection.createBranchProtectionMember,
            "DeleteBranchProtectionMember": protection.deleteBranchProtectionMember,
            "ModifyBranchProtectionMemberPermission": protection.modifyMemberPermission,
            "ModifyGitCommitStatus": protection.modifyGitCommitStatus,
            "DescribeGitCommitStatus": protection.describeGitCommitStatus,
            // SSH and deploy keys (§2.7)
            "CreateSshKey": keys.createSshKey,
            "DescribeSshKey": keys.describeSshKey,
            "DeleteSshKey": keys.deleteSshKey,
            "CreateMemberSshKey": keys.createMemberSshKey,
            "DescribeMemberSshKey": keys.describeMemberSshKey,
            "DeleteMemberSshKey": keys.deleteMemberSshKey,
            "CreateGitDeployKey": keys.createGitDeployKey,
            "DescribeGitDepotDeployKeys": keys.describeGitDepotDeployKeys,
            "DescribeGitProjectDeployKeys": keys.describeGitProjectDeployKeys,
            "DeleteGitDeployKey": keys.deleteGitDeployKey,
            // Releases (§2.14)
            "CreateGitRelease": releases.createGitRelease,
            "DescribeGitReleases": releases.describeGitReleases,
            "DescribeGitReleaseDetail": releases.describeGitReleaseDetail,
            "ModifyGitRelease": releases.modifyGitRelease,
            "DeleteGitRelease": releases.deleteGitRelease,
            // Git operations (§2.8–§2.10): commit comments and notes, server-side cherry-pick /
            // revert / rebase, branch upkeep, read-only branches, binary files, tag protection
            "CreateGitCommitComment": CommitCommentActions().createGitCommitComment,
            "DescribeGitCommitComments": CommitCommentActions().describeGitCommitComments,
            "DescribeNotesByCommits": CommitCommentActions().describeNotesByCommits,
            "ModifyGitCommitRevert": ReplayActions().modifyGitCommitRevert,
            "ModifyGitCherryPick": ReplayActions().modifyGitCherryPick,
            "ModifyGitRebase": ReplayActions().modifyGitRebase,
            "DeleteGitMergedBranches": BranchUpkeepActions().deleteGitMergedBranches,
            "CreateReadOnlyRef": BranchUpkeepActions().createReadOnlyRef,
            "DeleteReadOnlyRef": BranchUpkeepActions().deleteReadOnlyRef,  // Slipway extension
            "CreateBinaryFiles": BinaryFileActions().createBinaryFiles,
            "CreateGitProtectedTagRule": TagProtectionActions().createGitProtectedTagRule,
            "CreateGitProtectedTagRules": TagProtectionActions().createGitProtectedTagRules,
            "DeleteGitProtectedTagRule": TagProtectionActions().deleteGitProtectedTagRule,
            "DescribeGitProtectedTags": TagProtectionActions().describeGitProtectedTags,
            "DescribeGitProtectedTagsByRule": TagProtectionActions().describeGitProtectedTagsByRule,
            // Project settings, depot lifecycle, merge request history, legacy protection (issue 4)
            "DescribeUserProjects": projects.describeUserProjects,
            "ModifyProject": projects.modifyProject,
            "ModifyProjectPermission": projects.modifyProjectPermission,
            "DescribeProjectRoles": projects.describeProjectRoles,
            "ModifyGitDepotArchive": lifecycle.modifyGitDepotArchive,
            "ModifyGitDepotUnarchive": lifecycle.modifyGitDepotUnarchive,
            "ModifyGitTransfer": lifecycle.modifyGitTransfer,
            "DescribeTeamDepotInfoList": lifecycle.describeTeamDepotInfoList,
            "CreateDepotByTemplate": depots.createDepotByTemplate,
            "DescribeMergeRequestLog": mrs.describeMergeRequestLog,
            "DescribeMergeRequestFileDiff": mrs.describeMergeRequestFileDiff,
            "DescribeGitMergeRequestsBySha": mrs.describeGitMergeRequestsBySha,
            "DescribeAllMergeRequestNotes": mrs.describeAllMergeRequestNotes,
            "CreateProtectedBranch": legacyProtection.createProtectedBranch,
            "CreateProtectedBranchMember": legacyProtection.createProtectedBranchMember,
            "DescribeProtectedBranch": legacyProtection.describeProtectedBranch,
            "DescribeProtectedBranchMembers": legacyProtection.describeProtectedBranchMembers,
            "DescribeProtectedBranchs": legacyProtection.describeProtectedBranchs,
        ]
        return hosting.merging(deliveryActions()) { own, _ in own }.merging(planningActions()) { own, _ in own }
            .merging(testManagementActions()) { own, _ in own }
            .merging(wikiActions()) { own, _ in own }
            .merging(agileActions()) { own, _ in own }
    }
}

typealias ActionHandler = @Sendable (ActionCall) async throws -> any ActionOutput

/// `POST /open-api`: decode, authenticate, dispatch, and render every outcome in the envelope.
struct OpenAPIEndpoint: Sendable {
    let services: CodingServices
    let actions: [String: ActionHandler]

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await respond(request, context: context, link: false) { try await Self.parameters(request, context: context) }
    }

    /// `GET /open-api?Action=Describe…&Name=value…`: a read-only action as a link (the URLs the
    /// API hands out, such as `MergeRequestUrl`), parameters from the query string. Actions
    /// that change anything are POST-only.
    @Sendable func handleLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await respond(request, context: context, link: true) {
            var values: [String: JSONValue] = [:]
            for (key, value) in request.uri.queryParameters where key != "Action" {
                values[String(key)] = .string(String(value))
            }
            try ActionParameters.rejectNUL(in: .object(values), at: "")
            return ActionParameters(values)
        }
    }

    private func respond(
        _ request: Request, context: AppRequestContext, link: Bool,
        parameters decode: () async throws -> ActionParameters
    ) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        do {
            let parameters = try await decode()
            let fromQuery = request.uri.queryParameters.get("Action").flatMap { $0.isEmpty ? nil : String($0) }
            let fromBody = try parameters.optionalString("Action").flatMap { $0.isEmpty ? nil : $0 }
            let name = fromQuery ?? fromBody
            guard let identity = context.identity else { throw CodingError.authFailure }
            guard let name else { throw CodingError.missingParameter("Action") }
            guard let handler = actions[name] else {
                throw CodingError(code: "UnsupportedOperation", message: "action \(name) is not supported")
            }
            if link, !name.hasPrefix("Describe") {
                throw CodingError(code: "UnsupportedOperation", message: "only Describe actions can be called with GET; use POST for \(name)")
            }
            // OAuth tokens carry scopes; personal access tokens (no scopes) may do what their user may.
            let scope = ActionScopes.required(for: name)
            guard identity.scopes.isEmpty || OAuthScopes.covers(identity.scopes, scope) else {
                throw CodingError(code: "UnauthorizedOperation", message: "the token lacks the \(scope) scope needed by \(name)")
            }
            let call = ActionCall(
                parameters: parameters, identity: identity,
                baseURL: Self.baseURL(request, services.configuration), services: services)
            let output = try await handler(call)
            return try ResponseEnvelope(requestID: requestID, output: output, error: nil).response()
        } catch {
            let mapped = CodingError(mapping: error)
            if mapped.code == "InternalError" {
                context.logger.error("coding action failed", metadata: ["error": "\(error)", "request_id": "\(requestID)"])
            }
            return try ResponseEnvelope(requestID: requestID, output: nil, error: mapped).response()
        }
    }

    /// `GET /api/me`: the legacy identity check (snake_case body); 401 without a credential.
    @Sendable func legacyMe(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else {
            return try JSONResponse.make(LegacyError(code: 1000, msg: "user not login"), status: .unauthorized)
        }
        let id = try await services.store.numericIDs.userIDs(uids: [user.uid])[user.uid] ?? 0
        return try JSONResponse.make(
            LegacyMeDTO(
                id: id, global_key: user.account, name: user.name, name_pinyin: user.name, email: user.email,
                email_validation: user.email.isEmpty ? 0 : 1, path: "/u/\(user.account)",
                team: services.depots.teamName, created_at: user.createdAt,
                updated_at: user.lastLoginAt ?? user.createdAt))
    }

    /// The JSON body as an object (an empty body is `{}`).
    static func parameters(_ request: Request, context: AppRequestContext) async throws -> ActionParameters {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw CodingError(code: "InvalidParameter", message: "the request body exceeds \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else { return ActionParameters([:]) }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw CodingError(code: "InvalidParameter", message: "the request body is not valid JSON")
        }
        switch value {
        case .object(let object):
            try ActionParameters.rejectNUL(in: value, at: "")
            return ActionParameters(object)
        case .null: return ActionParameters([:])
        default: throw CodingError(code: "InvalidParameter", message: "the request body must be a JSON object")
        }
    }

    /// `scheme://host[:port]` as the client called us, unless an external URL is configured.
    static func baseURL(_ request: Request, _ configuration: CodingConfiguration) -> String {
        if let external = configuration.externalURL, !external.isEmpty {
            return external.hasSuffix("/") ? String(external.dropLast()) : external
        }
        return HostingService.baseURL(
            authority: request.head.authority, forwardedProto: request.headers[HTTPField.Name("X-Forwarded-Proto")!])
    }
}

/// The legacy API's error body.
struct LegacyError: Encodable {
    var code: Int
    var msg: String
}
