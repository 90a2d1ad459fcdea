import SlipwayCore
import SlipwayGit

extension ApplicationRunner {
    /// The workflow `app` runs as, in `projectKey`, reading commits from `repositoryDirectory`.
    /// Every parameter is locked: only a dispatch sets them.
    package func workflow(
        for app: ServerlessApplication, projectKey: String, repositoryDirectory: String, creator: User
    ) -> Workflow {
        let names = ["commit", "ref", "event_name", "message", "pusher", "template", "pipeline", "inputs", "dispatch"]
        var params = names.map { WorkflowParam(name: $0) }
        var secretRefs: [String: JSONValue] = [:]
        for (name, value) in app.secrets.sorted(by: { $0.key < $1.key }) {
            params.append(WorkflowParam(name: "secrets.\(name)", defaultValue: value, isCredential: true))
            secretRefs[name] = .string("{{.workflow.params.secrets.\(name)}}")
        }
        func p(_ name: String) -> JSONValue { .string("{{.workflow.params.\(name)}}") }
        let taskID = "\(app.id)-{{.workflow.task.id}}"
        let spec: JSONValue = .object([
            "repo_url": .string(repositoryDirectory), "commit": p("commit"), "ref": p("ref"), "template": p("template"),
            "pipeline": p("pipeline"), "inputs": p("inputs"), "secrets": .object(secretRefs),
            "git": .object([
                "branch": .string("{{.workflow.params.branch}}"), "commit": p("commit"), "ref": p("ref"),
                "event_name": p("event_name"), "pusher_name": p("pusher"), "message": p("message"),
            ]),
            "task_id": .string(taskID),
            "task_url": .string(links.taskDetail(taskID)),
        ])
        params.append(WorkflowParam(name: "branch"))
        for index in params.indices { params[index].locked = true }  // set only by dispatch, never by a caller
        return Workflow(
            key: app.workflowKey, displayName: "\(app.owner)/\(app.repo)", projectKey: projectKey,
            description: app.description, params: params,
            stages: [
                StageDefinition(
                    name: "deploy", parallel: false,
                    jobs: [
                        JobDefinition(name: "pipeline", type: .serverlessPipeline, spec: spec)
                    ])
            ],
            createdBy: creator.account)
    }

    /// The workflow of `app` as it should be now: a hosted repository's depot project and
    /// directory; otherwise `given`, the workflow's current project, or the shared project.
    package func workflow(for app: ServerlessApplication, creator: User, projectKey given: String? = nil) async throws -> Workflow {
        var projectKey = given
        if projectKey == nil { projectKey = try await store.workflows.get(key: app.workflowKey)?.projectKey }
        var directory = GitMirrors(context.depots.git).directory(for: app.repoURL)
        var key = projectKey ?? Self.externalProject
        if app.depotID > 0, let depot = try await store.depots.get(id: app.depotID) {
            key = depot.projectKey
            directory = context.depots.git.directory(for: try context.depots.path(depot))
        }
        return workflow(for: app, projectKey: key, repositoryDirectory: directory, creator: creator)
    }
}
