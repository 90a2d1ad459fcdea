import Foundation

/// A `serverless-pipeline` job (a Serverless Devs application's run): the commit to check out
/// and the pipeline file to run, with the values its `${{ … }}` expressions read.
///
/// Fields hold `{{.workflow.params.x}}` templates until the engine renders them; the pipeline
/// file itself (`pipeline`, JSON text) is read with `ServerlessPipelineFile` once rendered.
package struct ServerlessPipelinePlan: Sendable, Equatable {
    /// The job output holding the per-step summary (JSON array of `{id,name,status,errorMessage}`):
    /// the engine writes it, the Serverless Devs task detail reads it.
    package static let stepsOutput = "STEPS"

    package var repoURL: String
    package var commit: String
    /// The pipeline file's name, for messages.
    package var template: String
    /// The pipeline file as JSON text.
    package var pipeline: String
    /// The run's inputs as JSON text.
    package var inputs: String
    /// Secret values by name.
    package var secrets: [String: String]
    /// `git.*` as the expressions see it.
    package var git: GitEvent
    package var taskID: String?
    package var taskURL: String?

    package init(
        repoURL: String, commit: String, template: String = "", pipeline: String, inputs: String = "",
        secrets: [String: String] = [:], git: GitEvent = GitEvent(), taskID: String? = nil, taskURL: String? = nil
    ) {
        self.repoURL = repoURL
        self.commit = commit
        self.template = template
        self.pipeline = pipeline
        self.inputs = inputs
        self.secrets = secrets
        self.git = git
        self.taskID = taskID
        self.taskURL = taskURL
    }

    /// The push or event a run is for (`git`: branch, commit, event_name, pusher_name, message,
    /// ref); nil where unset.
    package struct GitEvent: Sendable, Equatable {
        package var branch: String?
        package var commit: String?
        package var eventName: String?
        package var pusherName: String?
        package var message: String?
        package var ref: String?

        package init(
            branch: String? = nil, commit: String? = nil, eventName: String? = nil, pusherName: String? = nil,
            message: String? = nil, ref: String? = nil
        ) {
            self.branch = branch
            self.commit = commit
            self.eventName = eventName
            self.pusherName = pusherName
            self.message = message
            self.ref = ref
        }

        init(_ git: SpecReader) throws(JobPlanError) {
            try git.requireObjectOrAbsent()
            self.init(
                branch: try git["branch"].optionalString(), commit: try git["commit"].optionalString(),
                eventName: try git["event_name"].optionalString(), pusherName: try git["pusher_name"].optionalString(),
                message: try git["message"].optionalString(), ref: try git["ref"].optionalString())
        }

        func mapTemplates(_ text: (String) -> String) -> GitEvent {
            GitEvent(
                branch: branch.map(text), commit: commit.map(text), eventName: eventName.map(text),
                pusherName: pusherName.map(text), message: message.map(text), ref: ref.map(text))
        }
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        repoURL = try spec["repo_url"].string()
        commit = try spec["commit"].string()
        template = try spec["template"].string()
        pipeline = try spec["pipeline"].string()
        try ServerlessPipelineFile.checkImages(pipeline, at: spec["pipeline"])
        try ServerlessPipelineFile.checkLabels(pipeline, at: spec["pipeline"])
        inputs = try spec["inputs"].string()
        var secrets: [String: String] = [:]
        for (name, value) in try spec["secrets"].fields() { secrets[name] = try value.string() }
        self.secrets = secrets
        git = try GitEvent(spec["git"])
        taskID = try spec["task_id"].optionalString()
        taskURL = try spec["task_url"].optionalString()
    }

    package func mapTemplates(_ text: (String) -> String) -> ServerlessPipelinePlan {
        ServerlessPipelinePlan(
            repoURL: text(repoURL), commit: text(commit), template: text(template), pipeline: text(pipeline), inputs: text(inputs),
            secrets: secrets.mapValues(text), git: git.mapTemplates(text), taskID: taskID.map(text), taskURL: taskURL.map(text))
    }

    /// The pipeline file's top-level `image`: the job's placement (a step's own `image` is
    /// applied by the executor, step by step).
    package var image: String? { ServerlessPipelineFile.parse(pipeline)?.image }

    /// The pipeline file's top-level `runs-on`: the labels of the agent the whole pipeline runs on.
    package var agentLabels: [String] { ServerlessPipelineFile.parse(pipeline)?.labels ?? [] }

    /// The run's inputs: the JSON of `inputs`, or an empty object when it is not JSON.
    package var inputValues: JSONValue {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(inputs.utf8)) else { return .object([:]) }
        return value
    }
}
