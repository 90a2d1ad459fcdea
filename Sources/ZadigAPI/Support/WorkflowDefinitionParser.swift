import SlipwayCore
import SlipwayEngine

/// Reads a Zadig custom-workflow ("v4") definition into the domain model, refusing what the engine
/// cannot run. The definition itself is kept as given for detail responses.
enum WorkflowDefinitionParser {
    /// Types whose resources (builds, environments, tests, scans, registries, TAPD) come later.
    static let laterTypes: Set<String> = [
        "zadig-deploy", "custom-deploy", "zadig-distribute-image", "tapd",
        "zadig-helm-deploy", "zadig-helm-chart-deploy", "zadig-vm-deploy", "zadig-restart",
    ]

    static func parse(_ body: JSONValue, creator: String) throws -> Workflow {
        guard case .object = body else { throw ZadigError.badRequest("the workflow definition must be an object") }
        guard let name = body["name"].string, !name.isEmpty else { throw ZadigError.badRequest("name is required") }
        try Workflow.validateKey(name)
        guard let display = body["display_name"].string, !display.isEmpty else { throw ZadigError.badRequest("display_name is required") }
        guard let project = body["project"].string, !project.isEmpty else { throw ZadigError.badRequest("project is required") }
        guard case .number = body["concurrency_limit"], let limit = body["concurrency_limit"].int else {
            throw ZadigError.badRequest("concurrency_limit is required (an integer: -1 unlimited, 0 never runs, N)")
        }
        guard limit >= -1 else { throw ZadigError.badRequest("concurrency_limit must be -1, 0 or a positive number") }
        let params = try body["params"].array.enumerated().map { try param($1, at: $0) }
        var jobNames = Set<String>()
        var stageNames = Set<String>()
        let stages = try body["stages"].array.enumerated().map { index, stage -> StageDefinition in
            guard let stageName = stage["name"].string, !stageName.isEmpty else {
                throw ZadigError.badRequest("stages[\(index)].name is required")
            }
            guard stageNames.insert(stageName).inserted else { throw ZadigError.badRequest("stage name \(stageName) is duplicated") }
            let jobs = try stage["jobs"].array.enumerated().map { jobIndex, job in
                try self.job(job, at: "stages[\(index)].jobs[\(jobIndex)]", names: &jobNames, workflowKey: name)
            }
            return StageDefinition(
                name: stageName, parallel: stage["parallel"].bool ?? false,
                approval: ApprovalParsing.spec(fromStage: stage["approval"]), jobs: jobs)
        }
        return Workflow(
            key: name, displayName: display, projectKey: project, description: body["description"].string ?? "",
            concurrencyLimit: limit, params: params, stages: stages, notifyControls: body["notify_ctls"].isNull ? .array([]) : body["notify_ctls"],
            enableApprovalTicket: body["enable_approval_ticket"].bool ?? false, disabled: body["disabled"].bool ?? false,
            definition: body, createdBy: creator)
    }

    private static func param(_ p: JSONValue, at index: Int) throws -> WorkflowParam {
        guard let name = p["name"].string, !name.isEmpty else { throw ZadigError.badRequest("params[\(index)].name is required") }
        return WorkflowParam(
            name: name, description: p["description"].string ?? "", type: p["type"].string ?? "string",
            value: p["value"].string ?? "", defaultValue: p["default"].string ?? "",
            isCredential: p["is_credential"].bool ?? false,
            choiceOptions: p["choice_option"].array.compactMap(\.string), repo: p["repo"])
    }

    private static func job(_ job: JSONValue, at path: String, names: inout Set<String>, workflowKey: String? = nil) throws -> JobDefinition {
        guard let name = job["name"].string, !name.isEmpty else { throw ZadigError.badRequest("\(path).name is required") }
        try JobDefinition.validateName(name)
        guard names.insert(name).inserted else { throw ZadigError.badRequest("job name \(name) is duplicated") }
        guard let typeName = job["type"].string, !typeName.isEmpty else { throw ZadigError.badRequest("\(path).type is required") }
        let type = JobType(rawValue: typeName)
        guard JobType.runnable.contains(type), !JobType.serviceOnly.contains(type) else {
            if laterTypes.contains(typeName) {
                throw ZadigError.badRequest(
                    "job \(name): job type \(typeName) is not supported yet (its builds, environments or registries do not exist in Slipway)")
            }
            throw ZadigError.badRequest("job \(name): unknown or unsupported job type \(typeName)")
        }
        let spec = job["spec"]
        switch type {
        case .freestyle:
            guard !FreestyleExecutor.steps(of: spec).isEmpty else { throw ZadigError.badRequest("job \(name): freestyle job needs steps or a script") }
            for step in FreestyleExecutor.steps(of: spec) {
                let stepType = step["type"].string ?? ""
                guard ["shell", "git", "tools", "archive"].contains(stepType) else {
                    throw ZadigError.badRequest("job \(name): step type \(stepType) is not supported (shell, git, tools, archive)")
                }
            }
        case .plugin:
            let plugin = spec["plugin"].isNull ? spec : spec["plugin"]
            guard !(plugin["cmds"].array + plugin["args"].array).isEmpty else {
                throw ZadigError.badRequest("job \(name): plugin needs cmds or args")
            }
        case .workflowTrigger:
            let targets = WorkflowTriggerExecutor.targets(of: spec)
            guard !targets.isEmpty else { throw ZadigError.badRequest("job \(name): workflow-trigger needs fixed_workflow_list") }
            if let selfKey = workflowKey, targets.contains(where: { $0.workflow == selfKey }) {
                throw ZadigError.badRequest("job \(name): a workflow cannot trigger itself")
            }
        case .sql:
            guard (spec["id"].string ?? spec["database_name"].string).map({ !$0.isEmpty }) == true else {
                throw ZadigError.badRequest("job \(name): sql job needs the database id")
            }
        case .approval:
            guard ApprovalParsing.spec(fromJob: spec) != nil else {
                throw ZadigError.badRequest("job \(name): approval job needs native_approval.approve_users")
            }
        case .notification:
            do { _ = try NotificationTarget.parse(spec) } catch { throw ZadigError.badRequest("job \(name): \(error)") }
        default:
            break
        }
        let policy = job["error_policy"]
        let policyName = policy["policy"].string.flatMap { $0.isEmpty ? nil : $0 } ?? "stop"
        guard ["stop", "ignore_error", "retry", "manual_check"].contains(policyName) else {
            throw ZadigError.badRequest("job \(name): error_policy \(policyName) is not supported (stop, ignore_error, retry, manual_check)")
        }
        let approvers = policy["approval_users"].array.compactMap { $0["user_name"].string ?? $0.string }
        return JobDefinition(
            name: name, type: type, skipped: job["skipped"].bool ?? false, runPolicy: job["run_policy"].string ?? "",
            errorPolicy: ErrorPolicy(policy: policyName, maximumRetry: policy["maximum_retry"].int ?? 0, approvalUsers: approvers),
            executePolicy: try executePolicy(job["execute_policy"], job: name),
            spec: spec)
    }

    /// `execute_policy: {type: skip|execute, match_rule: all|any, rules: [{field, verb, value}]}`; nil when absent or rule-less.
    private static func executePolicy(_ p: JSONValue, job: String) throws -> ExecutePolicy? {
        guard !p.isNull, !p["rules"].array.isEmpty else { return nil }
        let type = p["type"].string ?? "skip"
        guard ["skip", "execute"].contains(type) else { throw ZadigError.badRequest("job \(job): execute_policy.type must be skip or execute") }
        let rules = try p["rules"].array.map { rule -> ExecutePolicy.Rule in
            let verb = rule["verb"].string ?? ""
            guard ExecutePolicy.verbs.contains(verb) else { throw ZadigError.badRequest("job \(job): unknown execute_policy verb \(verb)") }
            return ExecutePolicy.Rule(field: rule["field"].string ?? "", verb: verb, value: rule["value"].string ?? "")
        }
        return ExecutePolicy(type: type, matchRule: p["match_rule"].string == "any" ? "any" : "all", rules: rules)
    }
}
