/// A `zadig-build`, `zadig-test` or `zadig-scanning` job: the stored definitions it runs, one after
/// another in the job's workspace, each with the repository and parameter values the job sets.
///
/// `zadig-build` spec: `service_and_builds: [{service_name, service_module, build_name, image_name,
/// key_vals, repos}]`, and the registry a build's `docker_build` step pushes to:
/// `docker_registry_id`, else `registry` (a run's address input), else the default registry. `zadig-test` spec: `test_modules: [{name, project_name, key_vals, repos}]` and, for
/// `test_type: service_test`, `service_and_tests: [{service_name, service_module, name,
/// project_name, key_vals, repos}]` narrowed to `target_services` when that is given.
/// `zadig-scanning` spec: `scannings: [{name, project_name, repos}]`.
package struct QualityJobPlan: Sendable, Equatable {
    package var targets: [QualityJobTarget]
    /// Builds: the image registry's id (`docker_registry_id`); empty: chosen by `registry`.
    package var registryID: String = ""
    /// Builds: the registry as a run names it (`address/namespace`); empty: the default registry.
    package var registry: String = ""

    package init(targets: [QualityJobTarget], registryID: String = "", registry: String = "") {
        self.targets = targets
        self.registryID = registryID
        self.registry = registry
    }

    init(build spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        registryID = try spec["docker_registry_id"].string()
        registry = try spec["registry"].string()
        targets = try spec["service_and_builds"].items().map { (item) throws(JobPlanError) in
            try QualityJobTarget(item, nameKey: "build_name")
        }
    }

    init(scanning spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        targets = try spec["scannings"].items().map { (item) throws(JobPlanError) in try QualityJobTarget(item, nameKey: "name") }
    }

    init(test spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        var targets = try spec["test_modules"].items().map { (item) throws(JobPlanError) in try QualityJobTarget(item, nameKey: "name") }
        var services = try spec["service_and_tests"].items().map { (item) throws(JobPlanError) in
            try QualityJobTarget(item, nameKey: "name")
        }
        let chosen = try spec["target_services"].items().map { (item) throws(JobPlanError) in
            ServiceModuleRef(serviceName: try item["service_name"].string(), serviceModule: try item["service_module"].string())
        }
        if !chosen.isEmpty {
            services = services.filter { target in
                chosen.contains { $0.serviceName == target.serviceName && $0.serviceModule == target.serviceModule }
            }
        }
        targets += services
        self.targets = targets
    }

    /// A job must name at least one definition, each by name.
    func checkRequirements(at path: String) throws(JobPlanError) {
        guard !targets.isEmpty else { throw JobPlanError(path: path, problem: "the job names no build, test or scan to run") }
        for (index, target) in targets.enumerated() where target.definition.isEmpty {
            throw JobPlanError(path: "\(path)[\(index)]", problem: "the name of the build, test or scan is required")
        }
    }

    package func mapTemplates(_ text: (String) -> String) -> QualityJobPlan {
        QualityJobPlan(targets: targets.map { $0.mapTemplates(text) }, registryID: text(registryID), registry: text(registry))
    }
}

/// One build or test a job runs, and what the job sets for it.
package struct QualityJobTarget: Sendable, Equatable {
    /// The build's or test's name.
    package var definition: String
    /// The project holding the definition; empty: the task's own.
    package var projectKey: String
    package var serviceName: String
    package var serviceModule: String
    /// Builds: the image's name (`image_name`); empty: the service module's.
    package var imageName: String = ""
    /// Branches, tags, commits or pull requests to check out instead of the definition's, matched
    /// by repository name.
    package var repos: [GitCloneSource]
    /// Parameter values to use instead of the definition's, by key.
    package var values: [String: String]

    package init(
        definition: String, projectKey: String = "", serviceName: String = "", serviceModule: String = "", repos: [GitCloneSource] = [],
        values: [String: String] = [:]
    ) {
        self.definition = definition
        self.projectKey = projectKey
        self.serviceName = serviceName
        self.serviceModule = serviceModule
        self.repos = repos
        self.values = values
    }

    init(_ item: SpecReader, nameKey: String) throws(JobPlanError) {
        try item.requireObjectOrAbsent()
        definition = try item[nameKey].string()
        projectKey = try item["project_name"].string()
        serviceName = try item["service_name"].string()
        serviceModule = try item["service_module"].string()
        imageName = try item["image_name"].string()
        repos = try item["repos"].items().map { (repo) throws(JobPlanError) in try GitCloneSource(repo) }
        var values: [String: String] = [:]
        for kv in try item["key_vals"].items() {
            try kv.requireObjectOrAbsent()
            let key = try kv["key"].string()
            if !key.isEmpty { values[key] = try kv["value"].string() }
        }
        self.values = values
    }

    func mapTemplates(_ text: (String) -> String) -> QualityJobTarget {
        var target = QualityJobTarget(
            definition: text(definition), projectKey: text(projectKey), serviceName: text(serviceName), serviceModule: text(serviceModule),
            repos: repos.map { $0.mapTemplates(text) }, values: values.mapValues(text))
        target.imageName = text(imageName)
        return target
    }
}

extension QualityDefinition {
    /// The repositories to check out: `repos` decoded, each with the branch, tag, commit or pull
    /// requests of the override of the same name (`overrides`, from the job or the run).
    package static func cloneSources(_ repos: [JSONValue], overrides: [GitCloneSource]) throws(JobPlanError) -> [GitCloneSource] {
        var sources: [GitCloneSource] = []
        for (index, repo) in repos.enumerated() {
            var source = try GitCloneSource(SpecReader(repo, path: "repos[\(index)]"))
            if let override = overrides.first(where: { $0.repoName != nil && $0.repoName == source.repoName }) {
                if !override.branch.isEmpty || !override.tag.isEmpty || !override.commitID.isEmpty || !override.pullRequests.isEmpty {
                    source.branch = override.branch
                    source.tag = override.tag
                    source.commitID = override.commitID
                    source.pullRequests = override.pullRequests
                }
            }
            sources.append(source)
        }
        return sources
    }
}
