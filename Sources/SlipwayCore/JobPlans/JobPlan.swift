/// A job's spec decoded into what the engine runs, one case per job type.
///
/// Text fields keep their `{{.…}}` templates as written; the engine renders them right before the
/// job starts (`mapTemplates`), shell scripts with their values passed as exported variables.
package enum JobPlan: Sendable, Equatable {
    case freestyle(FreestylePlan)
    case plugin(PluginPlan)
    case approval(ApprovalPlan)
    case sql(SQLPlan)
    case workflowTrigger(WorkflowTriggerPlan)
    case notification(NotificationPlan)
    case serverlessPipeline(ServerlessPipelinePlan)
    case zadigBuild(QualityJobPlan)
    case zadigTest(QualityJobPlan)
    case zadigScanning(QualityJobPlan)
    case jenkinsPipeline(JenkinsPipelinePlan)
    case cdHostDeploy(CdHostDeployPlan)
    case cdWait(CdWaitPlan)
    case cdScript(CdScriptPlan)
    case deliveryVersion(DeliveryVersionPlan)

    /// Decode `spec` for a job of `type`; `path` names the spec in errors (`stages[0].jobs[1].spec`).
    package init(type: JobType, spec: JSONValue, path: String = "spec") throws(JobPlanError) {
        let reader = SpecReader(spec, path: path)
        switch type {
        case .freestyle: self = .freestyle(try FreestylePlan(reader))
        case .plugin: self = .plugin(try PluginPlan(reader))
        case .approval: self = .approval(try ApprovalPlan(reader))
        case .sql: self = .sql(try SQLPlan(reader))
        case .workflowTrigger: self = .workflowTrigger(try WorkflowTriggerPlan(reader))
        case .notification: self = .notification(try NotificationPlan(reader))
        case .serverlessPipeline: self = .serverlessPipeline(try ServerlessPipelinePlan(reader))
        case .zadigBuild: self = .zadigBuild(try QualityJobPlan(build: reader))
        case .zadigTest: self = .zadigTest(try QualityJobPlan(test: reader))
        case .zadigScanning: self = .zadigScanning(try QualityJobPlan(scanning: reader))
        case .jenkinsPipeline: self = .jenkinsPipeline(try JenkinsPipelinePlan(reader))
        case .cdHostDeploy: self = .cdHostDeploy(try CdHostDeployPlan(reader))
        case .cdWait: self = .cdWait(try CdWaitPlan(reader))
        case .cdScript: self = .cdScript(try CdScriptPlan(reader))
        case .deliveryVersion: self = .deliveryVersion(try DeliveryVersionPlan(reader))
        default:
            let parent = path.hasSuffix(".spec") ? String(path.dropLast(5)) : ""
            throw JobPlanError(path: parent.isEmpty ? "type" : "\(parent).type", problem: "job type \(type.rawValue) is not supported")
        }
    }

    /// The job type this plan runs as.
    package var type: JobType {
        switch self {
        case .freestyle: return .freestyle
        case .plugin: return .plugin
        case .approval: return .approval
        case .sql: return .sql
        case .workflowTrigger: return .workflowTrigger
        case .notification: return .notification
        case .serverlessPipeline: return .serverlessPipeline
        case .zadigBuild: return .zadigBuild
        case .zadigTest: return .zadigTest
        case .zadigScanning: return .zadigScanning
        case .jenkinsPipeline: return .jenkinsPipeline
        case .cdHostDeploy: return .cdHostDeploy
        case .cdWait: return .cdWait
        case .cdScript: return .cdScript
        case .deliveryVersion: return .deliveryVersion
        }
    }

    /// The same plan with every text that may hold a template passed through `text`; the text
    /// a shell runs (freestyle `shell` steps, a plugin's `sh -c` script) through `script` first.
    package func mapTemplates(script: (String) -> String, text: (String) -> String) -> JobPlan {
        switch self {
        case .freestyle(let plan): return .freestyle(plan.mapTemplates(script: script, text: text))
        case .plugin(let plan): return .plugin(plan.mapTemplates(scriptIndex: plan.scriptIndex, script: script, text: text))
        case .approval(let plan): return .approval(plan.mapTemplates(text))
        case .sql(let plan): return .sql(plan.mapTemplates(text))
        case .workflowTrigger(let plan): return .workflowTrigger(plan.mapTemplates(text))
        case .notification(let plan): return .notification(plan.mapTemplates(text))
        case .serverlessPipeline(let plan): return .serverlessPipeline(plan.mapTemplates(text))
        case .zadigBuild(let plan): return .zadigBuild(plan.mapTemplates(text))
        case .zadigTest(let plan): return .zadigTest(plan.mapTemplates(text))
        case .zadigScanning(let plan): return .zadigScanning(plan.mapTemplates(text))
        case .jenkinsPipeline(let plan): return .jenkinsPipeline(plan.mapTemplates(text))
        // CD jobs take no templates: their scripts run as written, parameters as variables.
        case .cdHostDeploy, .cdWait, .cdScript, .deliveryVersion: return self
        }
    }
}
