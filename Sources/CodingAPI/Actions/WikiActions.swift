import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING wiki (§2.19; issue 16): pages in a tree over `WikiService`, each change a commit of the
/// project's wiki repository.
struct WikiActions: Sendable {
    func service(_ call: ActionCall) -> WikiService { WikiService(call.services.context) }

    func answer(_ detail: WikiService.Detail, _ call: ActionCall) -> any ActionOutput {
        WikiOutput(Data: WikiDTO(detail, team: call.services.depots.teamName))
    }

    @Sendable func createWiki(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let detail = try await service(call).create(
            projectKey: try p.string("ProjectName"), title: try p.string("Title"), content: try Self.content(p),
            parentIid: try p.optionalInt("ParentIid") ?? 0, message: try p.optionalString("Msg"), by: call.user)
        return answer(detail, call)
    }

    @Sendable func modifyWiki(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let detail = try await service(call).modify(
            projectKey: try p.string("ProjectName"), iid: try p.int("Iid"), title: try p.string("Title"), content: try Self.content(p),
            message: try p.optionalString("Msg"), by: call.user)
        return answer(detail, call)
    }

    @Sendable func deleteWiki(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).delete(projectKey: try call.parameters.string("ProjectName"), iid: try call.parameters.int("Iid"), by: call.user)
        return NoOutput()
    }

    /// DescribeWiki: `VersionId` the version number (0 or absent: the latest).
    @Sendable func describeWiki(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let detail = try await service(call).page(
            projectKey: try p.string("ProjectName"), iid: try p.int("Iid"), version: try p.optionalInt("VersionId") ?? 0, by: call.user)
        return answer(detail, call)
    }

    @Sendable func describeWikiList(_ call: ActionCall) async throws -> any ActionOutput {
        let list = try await service(call).list(projectKey: try call.parameters.string("ProjectName"), by: call.user)
        return WikiListOutput(Data: list.nodes.map { WikiNodeDTO($0, list, team: call.services.depots.teamName) })
    }

    /// ModifyWikiOrder: `ParentIid` (0: top level), `Before` / `After` a sibling, `Forced`.
    @Sendable func modifyWikiOrder(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let placement = WikiService.Placement(
            parentIid: try p.int("ParentIid"), before: try p.optionalInt("Before") ?? 0, after: try p.optionalInt("After") ?? 0,
            forced: try p.optionalBool("Forced") ?? false)
        try await service(call).move(projectKey: try p.string("ProjectName"), iid: try p.int("Iid"), to: placement, by: call.user)
        return NoOutput()
    }

    /// `Content` is required but may be empty.
    static func content(_ p: ActionParameters) throws(CodingError) -> String {
        guard let content = try p.optionalString("Content") else { throw CodingError.missingParameter("Content") }
        return content
    }
}
