import SlipwayCore
import SlipwayStore

/// Team build templates: administrators keep them (Slipway's `/api/slipway/ci/templates`; CODING
/// has no Open API action to write them), any signed-in user reads them, and a project developer
/// makes a CI job on a depot from one (CreateCodingCIJobByTeamTemplate).
extension CIService {
    package static let maxTemplateNameLength = 100, maxTemplateDescriptionLength = 2_000

    /// Store a new template: its Jenkinsfile must parse, its variables be well named.
    package func createTemplate(_ input: CITemplate, secrets: [String: String], by user: User) async throws -> CITemplate {
        guard user.isAdmin else { throw SlipwayError.forbidden("team build templates are kept by administrators") }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= Self.maxTemplateNameLength else {
            throw SlipwayError.invalidInput("name must be 1 to \(Self.maxTemplateNameLength) characters")
        }
        guard input.description.count <= Self.maxTemplateDescriptionLength else {
            throw SlipwayError.invalidInput("description must be at most \(Self.maxTemplateDescriptionLength) characters")
        }
        guard !input.jenkinsfile.isEmpty else { throw SlipwayError.invalidInput("jenkinsfile is required") }
        try Self.parse(input.jenkinsfile, field: "jenkinsfile")
        // The variables meet the rules of a job's EnvList.
        var probe = CIJob(projectKey: "", depotID: 0, name: name)
        probe.depotType = "NONE"
        probe.jenkinsFileStaticContent = input.jenkinsfile
        probe.env = input.env
        try CIJobRules.check(probe)
        var template = input
        template.name = name
        template.createdBy = user.account
        template.createdAt = EpochMillis.now()
        return try await store.ci.createTemplate(template, secrets: secrets)
    }

    /// Every template (sensitive values blank).
    package func templates() async throws -> [CITemplate] {
        try await store.ci.templates()
    }

    /// One template (sensitive values blank).
    package func template(_ id: Int64) async throws -> CITemplate {
        guard let found = try await store.ci.template(id: id) else { throw SlipwayError.notFound("CI template \(id) not found") }
        return found.template
    }

    package func deleteTemplate(_ id: Int64, by user: User) async throws {
        guard user.isAdmin else { throw SlipwayError.forbidden("team build templates are kept by administrators") }
        try await store.ci.deleteTemplate(id: id)
    }

    /// A CI job named `name` on `depotID` (`depotType` CODING, or NONE without a depot) of
    /// `projectKey`, with the template's Jenkinsfile (stored with the job) and variables, sensitive
    /// values included; triggered by hand until changed. Needs developer access to the project.
    package func createJob(
        fromTemplate templateID: Int64, projectKey: String, depotID: Int64, depotType: String, name: String, by user: User
    ) async throws -> CIJob {
        try await require(user, projectKey: projectKey, write: true, what: "project \(projectKey)")
        guard let (template, secrets) = try await store.ci.template(id: templateID) else {
            throw SlipwayError.notFound("CI template \(templateID) not found")
        }
        var job = CIJob(projectKey: projectKey, depotID: depotType == "NONE" ? 0 : depotID, name: name)
        job.depotType = depotType
        job.jenkinsFileFromType = "STATIC"
        job.jenkinsFileStaticContent = template.jenkinsfile
        job.env = template.env
        return try await createJob(job, secrets: secrets, by: user)
    }
}
