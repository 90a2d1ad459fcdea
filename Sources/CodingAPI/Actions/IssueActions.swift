import SlipwayCore
import SlipwayServices

/// CODING issues (§2.2): create, read, change, delete and search, over `IssueService`.
struct IssueActions: Sendable {
    func service(_ call: ActionCall) -> IssueService { IssueService(call.services.context) }

    var team: (ActionCall) -> String { { $0.services.depots.teamName } }

    @Sendable func createIssue(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let type = try p.string("Type")
        guard let kind = IssueKind(rawValue: type) else {
            throw CodingError.invalidValue("Type", "must be one of \(IssueKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        _ = (try p.string("Name"), try p.string("Priority"))
        let detail = try await service(call).create(projectKey: try p.string("ProjectName"), kind: kind, try IssueFields.input(p), by: call.user)
        return IssueOutput(Issue: try await dto(detail, call))
    }

    @Sendable func describeIssue(_ call: ActionCall) async throws -> any ActionOutput {
        let detail = try await service(call).issue(
            projectKey: try call.parameters.string("ProjectName"), code: try call.parameters.int("IssueCode"), by: call.user)
        return IssueOutput(Issue: try await dto(detail, call))
    }

    @Sendable func modifyIssue(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let detail = try await service(call).modify(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), try IssueFields.input(p), by: call.user)
        return IssueOutput(Issue: try await dto(detail, call))
    }

    @Sendable func modifyIssueDescription(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        guard let description = try p.optionalString("Description") else { throw CodingError.missingParameter("Description") }
        _ = try await service(call).describe(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), description: description, by: call.user)
        return NoOutput()
    }

    @Sendable func deleteIssue(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).delete(projectKey: try call.parameters.string("ProjectName"), code: try call.parameters.int("IssueCode"), by: call.user)
        return NoOutput()
    }

    /// DescribeIssueListWithPage: `PageNumber`/`PageSize` (max 500) → `Data{…, List}`.
    @Sendable func describeIssueListWithPage(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var query = try IssueConditions.query(p, projectKey: try p.string("ProjectName"))
        let (number, size) = try p.page(defaultSize: 20, maxSize: 500)
        query.offset = (number - 1) * size
        query.limit = size
        let listing = try await service(call).list(query, by: call.user)
        let total = listing.page.total
        return IssuePageOutput(
            Data: .init(
                PageNumber: number, PageSize: size, TotalPage: (total + size - 1) / size, TotalCount: total,
                List: Self.list(listing, team: team(call))))
    }

    /// DescribeIssueList (the old search): `Offset`/`Limit` (max 500) → `IssueList`.
    @Sendable func describeIssueList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var query = try IssueConditions.query(p, projectKey: try p.string("ProjectName"))
        let offset = try p.optionalInt("Offset") ?? 0, limit = try p.optionalInt("Limit") ?? 20
        guard offset >= 0, offset <= 1_000_000 else { throw CodingError.invalidValue("Offset", "must be 0…1000000") }
        guard (1...500).contains(limit) else { throw CodingError.invalidValue("Limit", "must be 1…500") }
        query.offset = Int(offset)
        query.limit = Int(limit)
        return IssueListOutput(IssueList: Self.list(try await service(call).list(query, by: call.user), team: team(call)))
    }

    static func list(_ listing: IssueListing, team: String) -> [IssueListDataDTO] {
        listing.page.issues.map { IssueListDataDTO($0, listing, team: team) }
    }

    func dto(_ detail: IssueDetail, _ call: ActionCall) async throws -> IssueDetailDTO {
        try await dtos([detail], call)[0]
    }

    /// `IssueDetail`s, their projects encoded once each.
    func dtos(_ details: [IssueDetail], _ call: ActionCall) async throws -> [IssueDetailDTO] {
        var projects: [String: Project] = [:]
        for detail in details { projects[detail.project.key] = detail.project }
        let keys = Array(projects.keys)
        let encoded = Dictionary(uniqueKeysWithValues: zip(keys, try await ProjectActions().dtos(keys.compactMap { projects[$0] }, call)))
        return details.compactMap { detail in encoded[detail.project.key].map { IssueDetailDTO(detail, project: $0, team: team(call)) } }
    }
}
