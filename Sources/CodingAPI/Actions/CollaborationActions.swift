import SlipwayCore
import SlipwayServices

/// CODING project collaboration (§2.5, "项目协同"): list configuration templates, and initialise
/// a project's issue types and statuses from one, over `CollaborationService`.
struct CollaborationActions: Sendable {
    func service(_ call: ActionCall) -> CollaborationService { CollaborationService(call.services.context) }

    /// DescribeConfigTemplateList: `TemplateType` GLOBAL (default: the system templates) or
    /// PROJECT (the project's own); `PageNumber`/`PageSize` (max 100).
    @Sendable func describeConfigTemplateList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("ProjectName")
        let raw = (try p.optionalString("TemplateType") ?? "").uppercased()
        guard let scope = raw.isEmpty ? .global : CollaborationTemplate.Scope(rawValue: raw) else {
            throw CodingError.invalidValue("TemplateType", "must be GLOBAL or PROJECT")
        }
        let (number, size) = try p.page(defaultSize: 20, maxSize: 100)
        let templates = try await service(call).templates(projectKey: key, scope: scope, by: call.user)
        let page = templates.dropFirst((number - 1) * size).prefix(size)
        return ConfigTemplateListOutput(
            ConfigTemplateList: page.map { ConfigTemplateDTO($0.template, projectID: $0.projectID) }, TotalCount: templates.count)
    }

    /// InitProjectTemplate: `TemplateType` SCRUM, CLASSIC or PROJECT (with `TemplateId`, a project
    /// template DescribeConfigTemplateList named); `Sync`. Answers only the request id.
    @Sendable func initProjectTemplate(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("ProjectName")
        let type = try p.string("TemplateType").uppercased()
        let source: CollaborationService.Source
        if type == "PROJECT" {
            let id = try p.optionalInt("TemplateId") ?? 0
            guard id > 0 else { throw CodingError.invalidValue("TemplateId", "must name a project template when TemplateType is PROJECT") }
            source = .project(templateID: id)
        } else if let mode = CollaborationTemplate.Mode(rawValue: type) {
            source = .system(mode)
        } else {
            throw CodingError.invalidValue("TemplateType", "must be SCRUM, CLASSIC or PROJECT")
        }
        _ = try await service(call).initialise(projectKey: key, from: source, sync: try p.optionalBool("Sync") ?? false, by: call.user)
        return NoOutput()
    }
}
