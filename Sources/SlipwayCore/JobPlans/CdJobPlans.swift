/// A CODING CD `deployHostserver` stage as a job: the stage, the host server group it resolved
/// to when the pipeline was triggered, the server group name this deployment creates
/// (`<application>-<release>-v<NNN>`), and the trigger's parameters, which reach the scripts as
/// exported variables (data, never script text).
package struct CdHostDeployPlan: Sendable, Equatable {
    package var stage: CdHostDeployStage
    package var groupID: Int64
    package var serverGroupName: String
    package var parameters: [String: String]
    /// The agent machine the rollout runs from (0: this server), resolved when triggered.
    package var agentID: Int64

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        stage = try CdHostDeployStage(spec["stage"])
        agentID = Int64(try spec["agent_id"].optionalInt() ?? 0)
        guard let id = try spec["group_id"].optionalInt(), id > 0 else { throw spec["group_id"].failure("must name a host server group") }
        groupID = Int64(id)
        serverGroupName = try spec["server_group_name"].string()
        guard !serverGroupName.isEmpty, serverGroupName.count <= 128 else { throw spec["server_group_name"].failure("is required") }
        parameters = try Self.parameters(spec["parameters"])
    }

    /// A trigger's parameters: variable names to text values.
    static func parameters(_ spec: SpecReader) throws(JobPlanError) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in try spec.fields() {
            guard JenkinsVariable.isName(key) else { throw value.failure("is not a variable name") }
            parameters[key] = try value.string()
        }
        return parameters
    }
}

/// A CODING CD `script` stage as a job: the stage, the trigger's parameters, which reach the
/// script as environment variables, and for a repository script the hosted repository's directory
/// and the commit its ref resolved to when the pipeline was triggered.
package struct CdScriptPlan: Sendable, Equatable {
    package var stage: CdScriptStage
    package var parameters: [String: String]
    package var repositoryDirectory: String
    package var commit: String

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        stage = try CdScriptStage(spec["stage"])
        parameters = try CdHostDeployPlan.parameters(spec["parameters"])
        repositoryDirectory = try spec["repo_dir"].string()
        commit = try spec["commit"].string()
        if stage.repository != nil {
            guard repositoryDirectory.hasPrefix("/") else { throw spec["repo_dir"].failure("must be the repository's directory") }
            guard commit.count == 40 || commit.count == 64, commit.allSatisfy(\.isHexDigit) else {
                throw spec["commit"].failure("must be a full commit id")
            }
        }
    }
}

/// A CODING CD `wait` stage as a job: it passes after `seconds`.
package struct CdWaitPlan: Sendable, Equatable {
    package var seconds: Int

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        guard let seconds = try spec["wait_time"].optionalInt(), (0...86_400).contains(seconds) else {
            throw spec["wait_time"].failure("must be 0 to 86400 seconds")
        }
        self.seconds = seconds
    }
}
