import Foundation
import SlipwayCore
import SlipwayServices

/// CODING programs (§2.5, "项目集"): create a program, list those the caller may read (the
/// vendor's DescribePrograms), put projects into it (the vendor's CreateProgramProjects), add work items (Slipway's CreateProgramWorkItem; CODING's public API
/// has no such action), split work items into project issues, and list an issue's work items.
struct ProgramActions: Sendable {
    func service(_ call: ActionCall) -> ProgramService { ProgramService(call.services.context) }

    /// CreateProgram: `Name` (an identifier), `DisplayName`, `StartDate`/`EndDate` (yyyy-MM-dd), `Description`.
    @Sendable func createProgram(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        if let workflow = try p.optionalString("WorkflowProgramId"), !workflow.isEmpty {
            throw CodingError.invalidValue("WorkflowProgramId", "programs of workflows are not supported; leave it empty")
        }
        guard let description = try p.optionalString("Description") else { throw CodingError.missingParameter("Description") }
        let input = ProgramService.Input(
            name: try p.string("Name"), displayName: try p.string("DisplayName"), description: description,
            startDate: try Self.date(p, "StartDate"), endDate: try Self.date(p, "EndDate"))
        return ProgramOutput(Data: ProgramDTO(try await service(call).create(input, by: call.user)))
    }

    /// DescribePrograms: the programs the caller may read (`Keyword` in the name), `PageNumber`/`PageSize` (max 500).
    @Sendable func describePrograms(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (number, size) = try p.page(defaultSize: 20, maxSize: 500)
        let keyword = try p.optionalString("Keyword") ?? ""
        guard keyword.count <= 200 else { throw CodingError.invalidValue("Keyword", "must be at most 200 characters") }
        let (programs, total) = try await service(call).list(keyword: keyword, offset: (number - 1) * size, limit: size, by: call.user)
        return ProgramPageOutput(Data: .init(PageNumber: number, PageSize: size, TotalCount: total, Programs: programs.map(ProgramDTO.init)))
    }

    static func date(_ p: ActionParameters, _ name: String) throws(CodingError) -> Int64 {
        guard let date = try IssueFields.date(p, name) else { throw CodingError.missingParameter(name) }
        return date
    }

    /// CreateProgramProjects: `ProgramId`, `ProjectId[]`; answers the program.
    @Sendable func createProgramProjects(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let ids = try IssueFields.integers(p, "ProjectId", max: 100)
        guard !ids.isEmpty else { throw CodingError.missingParameter("ProjectId") }
        let program = try await service(call).addProjects(programID: try p.int("ProgramId"), projectIDs: ids, by: call.user)
        return ProgramListOutput(Data: [ProgramDTO(program)])
    }

    /// CreateProgramWorkItem (Slipway): `ProgramName`, `Name`, optional `Description`, `Priority` (default "1").
    @Sendable func createProgramWorkItem(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let item = try await service(call).createWorkItem(
            programName: try p.string("ProgramName"), name: try p.string("Name"), description: try p.optionalString("Description") ?? "",
            priority: try p.optionalString("Priority") ?? "1", by: call.user)
        return WorkItemCodeOutput(WorkItemCode: item.code)
    }

    /// ModifyWorkItemSplitIssues: `ProgramName`, `WorkItemCode`, `ProjectName`, `IssueCode`, `Split`.
    @Sendable func modifyWorkItemSplitIssues(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        guard let split = try p.optionalBool("Split") else { throw CodingError.missingParameter("Split") }
        try await service(call).split(
            programName: try p.string("ProgramName"), workItemCode: try p.int("WorkItemCode"), projectKey: try p.string("ProjectName"),
            issueCode: try p.int("IssueCode"), split, by: call.user)
        return NoOutput()
    }

    @Sendable func describeIssueRelatedWorkItemList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (items, people) = try await service(call).workItems(projectKey: try p.string("ProjectName"), issueCode: try p.int("IssueCode"), by: call.user)
        return WorkItemListOutput(WorkItemList: items.map { WorkItemDTO($0, people, team: call.services.depots.teamName) })
    }
}
