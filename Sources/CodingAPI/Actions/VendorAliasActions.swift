import SlipwayCore

/// The vendor spec's names for actions Slipway already serves under another name (CODING
/// renamed several over the years). Each runs the existing handler; where the vendor's answer
/// is shaped differently, the same content is re-keyed or re-shaped here, never recomputed.
struct VendorAliasActions: Sendable {
    /// Vendor name → handler, merged into `CodingRoutes.actionTable()`.
    static func table(_ t: [String: ActionHandler]) -> [String: ActionHandler] {
        let a = VendorAliasActions()
        return [
            "DescribeGitCommitInfos": t["DescribeGitCommits"]!,
            "DescribeGitCommitInfo": t["DescribeGitCommit"]!,
            "DescribeMergeReqCommits": t["DescribeMergeRequestCommits"]!,
            "DescribeDifferentBetweenTwoCommits": t["DescribeDifferentBetween2Commits"]!,
            "DescribeGitCommitsInPage": CommitActions().describeGitCommitsInPage,
            "DescribeProtectedBranches": rekey(t["DescribeProtectedBranchs"]!, as: "ProtectedBranches") { (o: ProtectedBranchsOutput) in
                o.ProtectedBranchs
            },
            "DescribeMergeReqInfo": rekey(t["DescribeMergeRequest"]!, as: "MergeReqInfo") { (o: MergeRequestInfoOutput) in
                o.MergeRequestInfo
            },
            "DescribeCommitsBetweenCommitAndCommit": rekey(t["DescribeCommitsBetween2Commit"]!, as: "DifferentOfCommitDetail") {
                (o: CommitsBetweenOutput) in o.DifferentOfCommitInfo
            },
            "DescribeGitBranchList": rekey(t["DescribeGitBranches"]!, as: "GitBranchesData") { (o: BranchesOutput) in o },
            "CreateGitMergeRequest": a.createGitMergeRequest(t["CreateGitMergeReq"]!),
        ]
    }

    /// Runs `handler` and answers its output's `pick` under the single key `key`.
    static func rekey<Output: ActionOutput, Value: Encodable & Sendable>(
        _ handler: @escaping ActionHandler, as key: String, _ pick: @escaping @Sendable (Output) -> Value
    ) -> ActionHandler {
        { call in
            guard let output = try await handler(call) as? Output else {
                throw SlipwayError.internalError("alias \(key): unexpected output type")
            }
            return KeyedOutput(key: key, value: pick(output))
        }
    }

    /// CreateGitMergeRequest: CreateGitMergeReq answering `Request{DepotId,DepotPath,IId,MergeId,ProjectId}`.
    func createGitMergeRequest(_ create: @escaping ActionHandler) -> ActionHandler {
        { call in
            guard let created = try await create(call) as? MergeInfoOutput else {
                throw SlipwayError.internalError("CreateGitMergeRequest: unexpected output type")
            }
            let info = created.MergeInfo
            guard let depot = try await call.store.depots.get(id: info.DepotId) else {
                throw SlipwayError.notFound("depot \(info.DepotId) not found")
            }
            return CreatedMergeRequestOutput(
                Request: .init(
                    DepotId: depot.id, DepotPath: "\(call.services.depots.teamName)/\(depot.projectKey)/\(depot.name)",
                    IId: info.MergeRequestId, MergeId: info.MergeRequestId, ProjectId: info.ProjectId))
        }
    }
}

/// One value under one key of `Response`.
struct KeyedOutput<Value: Encodable & Sendable>: ActionOutput {
    let key: String
    let value: Value

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(value, forKey: Key(stringValue: key))
    }
}

/// CreateGitMergeRequest's `Request`.
struct CreatedMergeRequestOutput: ActionOutput {
    struct Request: Encodable, Sendable {
        var DepotId: Int64
        var DepotPath: String
        var IId: Int64
        var MergeId: Int64
        var ProjectId: Int64
    }
    var Request: Request
}
