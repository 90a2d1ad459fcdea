import SlipwayCore

/// Reading build and test bodies into definitions. Bodies are read leniently, as Zadig's Go
/// structs bind them (unknown fields ignored, absent ones empty); a field of the wrong shape is a
/// 400 naming it.
enum QualityRequests {
    /// Fields of a build body kept as given (shown again by the detail).
    static let buildExtras = [
        "build_env", "advanced_settings", "outputs", "post_build", "build_os", "installs", "infrastructure", "docker_build_step",
        "docker_build_info", "image_name", "addons", "description",
    ]
    static let testExtras = ["advanced_settings", "build_os", "installs", "test_report_path", "outputs"]

    /// A body's fields, or a 400 naming the first bad one.
    static func reading<T>(_ body: JSONValue, _ read: (SpecReader) throws(JobPlanError) -> T) throws -> T {
        guard case .object = body else { throw ZadigError.badRequest("the body must be a JSON object") }
        do { return try read(SpecReader(body, path: "")) } catch { throw ZadigError.badRequest(error.description) }
    }

    /// The full build body (`POST /openapi/build`, `PUT /openapi/build`): `name`, `project_key`,
    /// `target_services` (or `services`), `repo_info` (or `repos`), `build_script`, `parameters`,
    /// `script_type` (`shell` only), and the remaining Zadig fields kept as given.
    static func build(_ body: JSONValue) throws -> BuildDefinition {
        try reading(body) { (b) throws(JobPlanError) in
            let scriptType = try b["script_type"].string()
            guard scriptType.isEmpty || scriptType == "shell" else {
                throw b["script_type"].failure("script type \(scriptType) is not supported (shell)")
            }
            var extras: [String: JSONValue] = [:]
            for key in buildExtras where !body[key].isNull { extras[key] = body[key] }
            let timeout = try b["advanced_settings"]["timeout"].optionalInt() ?? 0
            return BuildDefinition(
                projectKey: try text(b["project_key"], or: b["project_name"]), name: try b["name"].string(),
                source: try text(b["source"], default: "zadig"), templateName: try b["template_name"].string(),
                targetServices: try services(b["target_services"].isAbsent ? b["services"] : b["target_services"]),
                repos: try repos(b["repo_info"].isAbsent ? b["repos"] : b["repo_info"]), script: try b["build_script"].string(),
                parameters: try parameters(b["parameters"]), timeoutMinutes: max(timeout, 0), extras: extras)
        }
    }

    /// `{name, project_key, description, test_type, repo_info|repos, script, parameters,
    /// test_result_path}` (Slipway's test body; `test_result_path` is Zadig's name for the JUnit directory).
    static func test(_ body: JSONValue) throws -> TestDefinition {
        try reading(body) { (b) throws(JobPlanError) in
            var extras: [String: JSONValue] = [:]
            for key in testExtras where !body[key].isNull { extras[key] = body[key] }
            return TestDefinition(
                projectKey: try text(b["project_key"], or: b["project_name"]), name: try b["name"].string(),
                description: try text(b["desc"], or: b["description"]), testType: try text(b["test_type"], default: "function"),
                repos: try repos(b["repo_info"].isAbsent ? b["repos"] : b["repo_info"]),
                script: try text(b["script"], or: b["scripts"]), parameters: try parameters(b["parameters"]),
                reportDirectory: try b["test_result_path"].string(), timeoutMinutes: max(try b["timeout"].optionalInt() ?? 0, 0), extras: extras)
        }
    }

    /// `first` when it holds text, else `second`.
    static func text(_ first: SpecReader, or second: SpecReader) throws(JobPlanError) -> String {
        if let value = try first.nonEmptyString() { return value }
        return try second.string()
    }

    /// `field` when it holds text, else `fallback`.
    static func text(_ field: SpecReader, default fallback: String) throws(JobPlanError) -> String {
        try field.nonEmptyString() ?? fallback
    }

    static func services(_ list: SpecReader) throws(JobPlanError) -> [ServiceModuleRef] {
        try list.items().map { (item) throws(JobPlanError) in
            ServiceModuleRef(serviceName: try item["service_name"].string(), serviceModule: try item["service_module"].string())
        }
    }

    /// Parameters as Zadig writes them: `{key, value|default_value, type, choice_option, is_credential}`.
    static func parameters(_ list: SpecReader) throws(JobPlanError) -> [QualityParameter] {
        try list.items().map { (item) throws(JobPlanError) in
            try item.requireObjectOrAbsent()
            return QualityParameter(
                key: try item["key"].string(), value: try item["value"].isAbsent ? item["default_value"].string() : item["value"].string(),
                type: try text(item["type"], default: "string"), isCredential: try item["is_credential"].bool(),
                choiceOption: try item["choice_option"].strings())
        }
    }

    /// Repositories in the detail's shape: `repo_info` entries (`codehost_name`, `repo_namespace`,
    /// `repo_name`, `branch`) and detail entries (`source`, `repo_owner`, `address`, `checkout_path`,
    /// …) alike; `url`, `commit_id`, `tag` and `prs` are kept too.
    static func repos(_ list: SpecReader) throws(JobPlanError) -> [JSONValue] {
        try list.items().map { (item) throws(JobPlanError) in
            try item.requireObjectOrAbsent()
            let owner = try text(item["repo_owner"], or: item["repo_namespace"])
            var repo: [String: JSONValue] = [
                "source": .string(try text(item["source"], default: "other")),
                "codehost_name": .string(try item["codehost_name"].string()),
                "repo_owner": .string(owner), "repo_namespace": .string(try item["repo_namespace"].nonEmptyString() ?? owner),
                "repo_name": .string(try item["repo_name"].string()), "remote_name": .string(try text(item["remote_name"], default: "origin")),
                "branch": .string(try item["branch"].string()), "address": .string(try item["address"].string()),
                "checkout_path": .string(try item["checkout_path"].string()), "submodules": .bool(try item["submodules"].bool()),
            ]
            for key in ["url", "commit_id", "tag"] {
                if let value = try item[key].nonEmptyString() { repo[key] = .string(value) }
            }
            var prs: [Int] = []
            for pr in try item["prs"].items() {
                if let number = try pr.optionalInt() { prs.append(number) }
            }
            if !prs.isEmpty { repo["prs"] = .array(prs.map { .number(Double($0)) }) }
            return .object(repo)
        }
    }

    /// `repo_info` entries of a run or a template (`repo_name`, `branch`, `prs`) as job repository overrides.
    static func repoOverrides(_ list: SpecReader) throws(JobPlanError) -> [JSONValue] {
        try list.items().map { (item) throws(JobPlanError) in
            try item.requireObjectOrAbsent()
            return item.value
        }
    }
}
