import Foundation

/// A `coding-ci-pipeline` job (one CODING CI build): the commit to check out and the Jenkinsfile
/// to run, with the variables the build exports. Fields hold `{{.workflow.params.x}}` templates
/// until the engine renders them; the Jenkinsfile is parsed (`pipeline`) once rendered.
package struct JenkinsPipelinePlan: Sendable, Equatable {
    /// A local repository directory (a hosted depot), or empty for a build without a depot.
    package var repoURL: String
    package var commit: String
    package var branch: String
    /// The Jenkinsfile text.
    package var jenkinsfile: String
    /// Exported variables (system, job and trigger parameters) as a JSON object text.
    package var environment: String
    /// Secret variables (exported, masked in step logs) as a JSON object text: one credential
    /// parameter of the job's workflow, sealed at rest with the task.
    package var secrets: String
    /// Where this CI job's caches live on the server; empty: no cache.
    package var cacheDirectory: String
    /// Cache paths relative to the workspace, restored before and saved after the build.
    package var cachePaths: [String]

    package init(
        repoURL: String, commit: String, branch: String = "", jenkinsfile: String, environment: String = "{}",
        secrets: String = "{}", cacheDirectory: String = "", cachePaths: [String] = []
    ) {
        self.repoURL = repoURL
        self.commit = commit
        self.branch = branch
        self.jenkinsfile = jenkinsfile
        self.environment = environment
        self.secrets = secrets
        self.cacheDirectory = cacheDirectory
        self.cachePaths = cachePaths
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        repoURL = try spec["repo_url"].string()
        commit = try spec["commit"].string()
        branch = try spec["branch"].string()
        jenkinsfile = try spec["jenkinsfile"].string()
        environment = try spec["env"].string()
        secrets = try spec["secrets"].string()
        cacheDirectory = try spec["cache_directory"].string()
        cachePaths = try spec["cache_paths"].strings()
        if !jenkinsfile.contains("{{.") {
            do { _ = try JenkinsPipeline.parse(jenkinsfile) } catch { throw spec["jenkinsfile"].failure(error.description) }
        }
    }

    package func mapTemplates(_ text: (String) -> String) -> JenkinsPipelinePlan {
        JenkinsPipelinePlan(
            repoURL: text(repoURL), commit: text(commit), branch: text(branch), jenkinsfile: text(jenkinsfile),
            environment: text(environment), secrets: text(secrets), cacheDirectory: text(cacheDirectory),
            cachePaths: cachePaths.map(text))
    }

    /// The Jenkinsfile parsed; nil when it does not parse (the executor reports why).
    package var pipeline: JenkinsPipeline? { try? JenkinsPipeline.parse(jenkinsfile) }

    /// The pipeline's top-level `agent { docker }` image.
    package var image: String? {
        if case .docker(let image)? = pipeline?.agent { return image }
        return nil
    }

    /// The pipeline's top-level `agent { label }`.
    package var agentLabels: [String] {
        if case .label(let label)? = pipeline?.agent { return [label] }
        return []
    }

    /// The exported variables decoded (an empty map when the text is not a JSON object of strings).
    package var environmentValues: [String: String] { Self.decode(environment) }

    /// The secret variables decoded.
    package var secretValues: [String: String] { Self.decode(secrets) }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
