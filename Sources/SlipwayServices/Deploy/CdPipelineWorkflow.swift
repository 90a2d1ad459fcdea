import SlipwayCore
import SlipwayStore

/// A CD pipeline config as the workflow one execution runs: the stages' dependency graph cut
/// into levels (a stage runs in the first level after all its requisites), each level an engine
/// stage whose jobs run together. `wait` → `coding-cd-wait`, `manualJudgment` → a native
/// approval by the user who triggered, `deployHostserver` → `coding-cd-host-deploy` with the
/// host server group, server group name and agent machine resolved for this execution, `script`
/// → `coding-cd-script` on its agent machine (a repository script with its depot's directory and
/// the commit resolved for this execution).
struct CdPipelineWorkflow {
    /// What a trigger resolved for a `deployHostserver` stage.
    struct Deployment {
        var groupID: Int64
        var serverGroupName: String
        /// The machine the rollout runs from: the stage's `agentMachineId`, else the group's.
        var agentID: Int64
    }

    /// The config's stages, in document order.
    let stages: [[String: JSONValue]]

    init(_ config: CdPipelineConfig) {
        stages = config.document["stages"].array.map(\.object)
    }

    static func workflowKey(configID: String) -> String { "coding-cd-\(configID)" }

    /// The job of stage `index`.
    static func jobName(_ index: Int) -> String { "stage-\(index)" }

    /// Stage indexes per level, in order (the document was checked acyclic when saved).
    var levels: [[Int]] {
        var index: [String: Int] = [:]
        for (i, stage) in stages.enumerated() { index[stage["refId"]?.string ?? ""] = i }
        var level: [Int: Int] = [:]
        func depth(_ i: Int, _ seen: Int) -> Int {
            if let known = level[i] { return known }
            guard seen <= stages.count else { return 0 }
            let needs = (stages[i]["requisiteStageRefIds"]?.array ?? []).compactMap { $0.string.flatMap { index[$0] } }
            let value = needs.map { depth($0, seen + 1) + 1 }.max() ?? 0
            level[i] = value
            return value
        }
        for i in stages.indices { _ = depth(i, 0) }
        let deepest = level.values.max() ?? -1
        guard deepest >= 0 else { return [] }
        return (0...deepest).map { d in stages.indices.filter { level[$0] == d } }
    }

    /// Stage indexes of `deployHostserver` stages.
    var deployStages: [Int] { stages.indices.filter { stages[$0]["type"]?.string == "deployHostserver" } }

    /// The workflow of one execution; `deployments` gives each deploy stage's group id and server group name.
    /// `scripts` gives each repository script stage its repository and commit.
    func workflow(
        config: CdPipelineConfig, projectKey: String, deployments: [Int: Deployment], scripts: [Int: CdScriptRepositories.Resolved] = [:],
        parameters: [String: String], by user: User
    ) -> Workflow {
        let engineStages = levels.enumerated().map { number, members in
            StageDefinition(
                name: "level-\(number + 1)", parallel: true,
                jobs: members.map { job(for: $0, deployments: deployments, scripts: scripts, parameters: parameters, by: user) })
        }
        return Workflow(
            key: Self.workflowKey(configID: config.id), displayName: "CD \(config.application) \(config.name)", projectKey: projectKey,
            description: "CODING CD pipeline \(config.id)", concurrencyLimit: 1, stages: engineStages, createdBy: user.account)
    }

    func job(
        for index: Int, deployments: [Int: Deployment], scripts: [Int: CdScriptRepositories.Resolved], parameters: [String: String], by user: User
    ) -> JobDefinition {
        let stage = stages[index]
        let name = Self.jobName(index)
        switch stage["type"]?.string {
        case "wait":
            return JobDefinition(name: name, type: .cdWait, spec: .object(["wait_time": stage["waitTime"] ?? .number(0)]))
        case "deployHostserver":
            let target = deployments[index] ?? Deployment(groupID: 0, serverGroupName: "", agentID: 0)
            return JobDefinition(
                name: name, type: .cdHostDeploy,
                spec: .object([
                    "stage": .object(stage), "group_id": .number(Double(target.groupID)), "server_group_name": .string(target.serverGroupName),
                    "agent_id": .number(Double(target.agentID)), "parameters": .object(parameters.mapValues(JSONValue.string)),
                ]))
        case "script":
            return JobDefinition(
                name: name, type: .cdScript,
                spec: .object([
                    "stage": .object(stage), "parameters": .object(parameters.mapValues(JSONValue.string)),
                    "repo_dir": .string(scripts[index]?.directory ?? ""), "commit": .string(scripts[index]?.commit ?? ""),
                ]))
        default:
            let approver: JSONValue = .object(["user_name": .string(user.account), "user_id": .string(user.uid)])
            return JobDefinition(
                name: name, type: .approval,
                spec: .object([
                    "description": stage["instructions"] ?? .string(""),
                    "native_approval": .object(["approve_users": .array([approver]), "needed_approvers": .number(1), "timeout": .number(1_440)]),
                ]))
        }
    }
}
