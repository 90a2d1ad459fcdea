import SlipwayCore

/// Team build template bodies and answers (`/api/aslan/template/build`).
enum BuildTemplateDTOs {
    /// A template body: the openapi build body's fields (`name`, `repos`|`repo_info`,
    /// `build_script`, `parameters`, `advanced_settings`, `build_env`, `outputs`, `post_build`, …),
    /// or Zadig's template names for the same things (`scripts`, `pre_build.envs`, `timeout`).
    static func request(_ body: JSONValue) throws -> BuildDefinition {
        var build = try QualityRequests.build(body)
        try QualityRequests.reading(body) { (b) throws(JobPlanError) in
            if build.script.isEmpty { build.script = try b["scripts"].string() }
            if build.parameters.isEmpty { build.parameters = try QualityRequests.parameters(b["pre_build"]["envs"]) }
            if build.timeoutMinutes == 0 { build.timeoutMinutes = max(try b["timeout"].optionalInt() ?? 0, 0) }
        }
        return build
    }

    /// `GET /api/aslan/template/build`: `{build_templates: [{id, name}], total}`.
    static func list(_ page: Page<BuildTemplate>) -> JSONValue {
        .object([
            "build_templates": .array(page.items.map { .object(["id": .string(String($0.id)), "name": .string($0.name)]) }),
            "total": .number(Double(page.total)),
        ])
    }

    /// `GET /api/aslan/template/build/:id`: the build detail's fields without a project, plus
    /// Zadig's template names (`id`, `scripts`, `timeout`, `pre_build.envs`). Credentials blank.
    static func detail(_ template: BuildTemplate) -> JSONValue {
        guard case .object(var fields) = QualityDTOs.buildDetail(template.build) else { return .null }
        fields["project_key"] = nil
        fields["template_name"] = nil
        fields["target_services"] = nil
        fields["id"] = .string(String(template.id))
        fields["scripts"] = .string(template.build.script)
        fields["script_type"] = .string("shell")
        fields["timeout"] = .number(Double(template.build.timeoutMinutes))
        fields["pre_build"] = .object(["envs": QualityDTOs.parameters(template.build.parameters)])
        return .object(fields)
    }

    /// `GET /api/aslan/template/build/:id/reference`: `[{build_name, project_name, service_module}]`.
    static func references(_ references: [BuildTemplateReference]) -> JSONValue {
        .array(
            references.map {
                .object([
                    "build_name": .string($0.buildName), "project_name": .string($0.projectKey),
                    "service_module": .array($0.serviceModules.map(JSONValue.string)),
                ])
            })
    }
}
