import Foundation
import SlipwayCore
import SlipwayEngine

extension CIService {
    /// The workflow a job runs as: one stage, one `coding-ci-pipeline` job. Every parameter is
    /// locked (only a trigger sets them); `secrets` is a credential parameter (sealed at rest,
    /// masked in logs).
    func workflow(for job: CIJob, creator: User) async throws -> Workflow {
        var repository = ""
        if job.depotID > 0, let depot = try await store.depots.get(id: job.depotID) {
            repository = context.depots.git.directory(for: try context.depots.path(depot))
        }
        var params = ["commit", "branch", "jenkinsfile", "env"].map { WorkflowParam(name: $0) }
        params.append(WorkflowParam(name: "secrets", defaultValue: "{}", isCredential: true))
        for index in params.indices { params[index].locked = true }
        func p(_ name: String) -> JSONValue { .string("{{.workflow.params.\(name)}}") }
        let spec: JSONValue = .object([
            "repo_url": .string(repository), "commit": p("commit"), "branch": p("branch"), "jenkinsfile": p("jenkinsfile"),
            "env": p("env"), "secrets": p("secrets"),
            "cache_directory": .string(context.engine.ciCacheDirectory(jobID: job.id).path),
            "cache_paths": .array(job.enabledCachePaths.map(JSONValue.string)),
        ])
        return Workflow(
            key: job.workflowKey, displayName: "CI \(job.name)", projectKey: job.projectKey, description: "CODING CI job \(job.id)",
            params: params,
            stages: [StageDefinition(name: "build", parallel: false, jobs: [JobDefinition(name: Self.jobName, type: .jenkinsPipeline, spec: spec)])],
            createdBy: creator.account)
    }

    /// The variables a build exports, by CODING's types: `SYSTEM` (set by the build), `Env` (the
    /// job's), `Param` (the trigger's). Sensitive values are never returned (`Value` empty).
    package func variables(_ build: CIBuild, job: CIJob, type: String) async throws -> [CIJob.Variable] {
        switch type.uppercased() {
        case "SYSTEM":
            let user = try await store.users.find(uid: build.creatorUID)
            let userID = try await store.numericIDs.userIDs(uids: [build.creatorUID])[build.creatorUID] ?? 0
            var system: [(String, String)] = [
                ("CI_BUILD_ID", String(build.id)), ("CI_BUILD_NUMBER", String(build.number)), ("BUILD_NUMBER", String(build.number)),
                ("JOB_ID", String(job.id)), ("JOB_NAME", job.name), ("PROJECT_NAME", job.projectKey),
                ("CCI_TRIGGER_METHOD", build.triggerMethod), ("GIT_COMMIT", build.commit), ("GIT_BUILD_REF", build.commit),
                ("TRIGGER_USER_NAME", user?.name ?? ""), ("TRIGGER_USER_GK", user?.account ?? ""),
                ("TRIGGER_USER_EMAIL", user?.email ?? ""), ("TRIGGER_USER_ID", String(userID)),
            ]
            if !build.branch.isEmpty { system += [("BRANCH_NAME", build.branch), ("GIT_BRANCH", build.branch)] }
            return system.map { CIJob.Variable(name: $0.0, value: $0.1, sensitive: false) }
        case "ENV": return job.env
        case "PARAM": return build.params.map { $0.sensitive ? CIJob.Variable(name: $0.name, value: "", sensitive: true) : $0 }
        default: throw SlipwayError.invalidInput("Type must be SYSTEM, Param or Env")
        }
    }
}
