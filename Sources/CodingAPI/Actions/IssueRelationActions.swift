import SlipwayCore
import SlipwayServices

/// CODING issue relations (§2.2): sub-issues and parents, blocking links, requirement–defect
/// links, status history, and the type and status lists.
struct IssueRelationActions: Sendable {
    func service(_ call: ActionCall) -> IssueService { IssueService(call.services.context) }

    func key(_ call: ActionCall) throws -> String { try call.parameters.string("ProjectName") }

    func code(_ call: ActionCall, _ name: String = "IssueCode") throws -> Int64 { try call.parameters.int(name) }

    func simple(_ listing: IssueListing, _ call: ActionCall) -> [IssueSimpleDTO] {
        listing.page.issues.map { IssueSimpleDTO($0, listing.people, team: call.services.depots.teamName) }
    }

    @Sendable func describeSubIssueList(_ call: ActionCall) async throws -> any ActionOutput {
        let listing = try await service(call).children(projectKey: try key(call), code: try code(call), by: call.user)
        return SubIssueListOutput(SubIssueList: IssueActions.list(listing, team: call.services.depots.teamName))
    }

    @Sendable func modifyIssueParentRequirement(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).setParent(
            projectKey: try key(call), code: try code(call), parentCode: try code(call, "ParentIssueCode"), by: call.user)
        return NoOutput()
    }

    @Sendable func createIssueBlock(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).addBlock(
            projectKey: try key(call), code: try code(call), blockerCode: try code(call, "BlockIssueCode"), by: call.user)
        return NoOutput()
    }

    @Sendable func deleteIssueBlock(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).removeBlock(
            projectKey: try key(call), code: try code(call), blockerCode: try code(call, "BlockIssueCode"), by: call.user)
        return NoOutput()
    }

    /// DescribeBlockIssueList: the issues this one blocks.
    @Sendable func describeBlockIssueList(_ call: ActionCall) async throws -> any ActionOutput {
        let listing = try await service(call).blocks(projectKey: try key(call), code: try code(call), blocking: true, by: call.user)
        return IssuesOutput(Issues: simple(listing, call))
    }

    /// DescribeBlockedByIssueList: the issues blocking this one.
    @Sendable func describeBlockedByIssueList(_ call: ActionCall) async throws -> any ActionOutput {
        let listing = try await service(call).blocks(projectKey: try key(call), code: try code(call), blocking: false, by: call.user)
        return IssuesOutput(Issues: simple(listing, call))
    }

    /// CreateRequirementDefectRelation and ModifyDefectRelatedRequirement: a defect belongs to one requirement.
    @Sendable func linkDefect(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).linkDefect(
            projectKey: try key(call), requirementCode: try code(call, "RequirementCode"), defectCode: try code(call, "DefectCode"),
            by: call.user)
        return NoOutput()
    }

    @Sendable func describeRequirementDefectRelation(_ call: ActionCall) async throws -> any ActionOutput {
        let listing = try await service(call).defects(projectKey: try key(call), requirementCode: try code(call, "RequirementCode"), by: call.user)
        return IssuesOutput(Issues: simple(listing, call))
    }

    /// DescribeIssueStatusChangeLogList: `IssueCode` is an array (one code also accepted).
    @Sendable func describeIssueStatusChangeLogList(_ call: ActionCall) async throws -> any ActionOutput {
        let codes = try IssueFields.integers(call.parameters, "IssueCode", max: 100)
        guard !codes.isEmpty else { throw CodingError.missingParameter("IssueCode") }
        let changes = try await service(call).statusChanges(projectKey: try key(call), codes: codes, by: call.user)
        return StatusChangeLogsOutput(
            Logs: .init(
                List: changes.compactMap { change in
                    IssueStatus.with(id: change.statusID).map {
                        StatusChangeLogsOutput.Entry(
                            IssueCode: change.issueCode, StatusId: $0.id, StatusName: $0.name, CreatedAt: change.createdAt,
                            IssueStatus: IssueStatusDTO($0))
                    }
                }))
    }

    @Sendable func describeTeamIssueTypeList(_ call: ActionCall) async throws -> any ActionOutput {
        IssueTypesOutput(IssueTypes: service(call).teamTypes().map(IssueTypeDetailDTO.init))
    }

    @Sendable func describeProjectIssueTypeList(_ call: ActionCall) async throws -> any ActionOutput {
        ProjectIssueTypesOutput(IssueTypes: try await service(call).types(projectKey: try key(call), by: call.user).map(ProjectIssueTypeDTO.init))
    }

    /// DescribeProjectIssueStatusList: by `IssueType` or `IssueTypeId`.
    @Sendable func describeProjectIssueStatusList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let kind: IssueKind?
        if let type = try p.optionalString("IssueType"), !type.isEmpty {
            kind = IssueKind(rawValue: type)
        } else if let id = try p.optionalInt("IssueTypeId") {
            kind = IssueKind(id: id)
        } else {
            throw CodingError.missingParameter("IssueType")
        }
        guard let kind else { throw CodingError.invalidValue("IssueType", "names an unknown issue type") }
        let statuses = try await service(call).statuses(projectKey: try key(call), kind: kind, by: call.user)
        return ProjectIssueStatusListOutput(
            ProjectIssueStatusList: statuses.enumerated().map { index, status in
                ProjectIssueStatusDTO(
                    IssueType: kind.rawValue, IssueStatusId: status.id, IsDefault: index == 0, Sort: Int64(index), IssueStatus: IssueStatusDTO(status))
            })
    }
}
