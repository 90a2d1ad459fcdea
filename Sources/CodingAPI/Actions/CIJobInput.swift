import SlipwayCore

/// A CI job as CreateCodingCIJob / ModifyCodingCIJob send it: the job, and the values of its
/// sensitive variables (kept apart, sealed).
enum CIJobInput {
    static func job(_ p: ActionParameters, projectKey: String, id: Int64 = 0) throws(CodingError) -> (job: CIJob, secrets: [String: String]) {
        var job = CIJob(projectKey: projectKey, depotID: try p.optionalInt("DepotId") ?? 0, name: try p.optionalString("Name") ?? "")
        job.id = id
        job.executeIn = try p.optionalString("ExecuteIn") ?? job.executeIn
        job.executedAgentPoolID = try p.optionalInt("ExecutedAgentPoolId") ?? 0
        job.hookType = try p.optionalString("HookType") ?? job.hookType
        job.branchSelector = try p.optionalString("BranchSelector") ?? ""
        job.branchRegex = try p.optionalString("BranchRegex") ?? ""
        job.triggerMethods = try strings(p, "TriggerMethodList")
        job.jenkinsFileFromType = try p.optionalString("JenkinsFileFromType") ?? job.jenkinsFileFromType
        job.jenkinsFilePath = try p.optionalString("JenkinsFilePath") ?? ""
        job.jenkinsFileStaticContent = try p.optionalString("JenkinsFileStaticContent") ?? ""
        job.autoCancelSameRevision = try p.optionalBool("AutoCancelSameRevision") ?? false
        job.autoCancelSameMergeRequest = try p.optionalBool("AutoCancelSameMergeRequest") ?? false
        job.triggerRemind = try p.optionalString("TriggerRemind") ?? job.triggerRemind
        job.jobFromType = try p.optionalString("JobFromType") ?? job.jobFromType
        job.depotType = try p.optionalString("DepotType") ?? job.depotType
        job.alwaysUserIDs = try ints(p, "AlwaysUserIdList")
        job.buildFailUserIDs = try ints(p, "BuildFailUserIdList")
        for item in try objects(p, "CachePathList") {
            job.cachePaths.append(CIJob.CachePath(path: try item.string("AbsolutePath"), enabled: try item.optionalBool("Enabled") ?? true))
        }
        let variables = try Self.variables(p, "EnvList")
        var secrets: [String: String] = [:]
        for variable in variables where variable.sensitive { secrets[variable.name] = variable.value }
        job.env = variables.map { $0.sensitive ? CIJob.Variable(name: $0.name, value: "", sensitive: true) : $0 }
        for item in try objects(p, "ScheduleList") {
            job.schedules.append(
                CIJob.Schedule(
                    branch: try item.optionalString("Branch") ?? "", weekend: try item.optionalString("Weekend") ?? "",
                    repeats: try item.optionalBool("Repeat") ?? false, startTime: try item.optionalString("StartTime") ?? "",
                    endTime: try item.optionalString("EndTime") ?? "", interval: try item.optionalString("Interval") ?? "",
                    refChangeTrigger: try item.optionalBool("RefChangeTrigger") ?? false))
        }
        return (job, secrets)
    }

    /// `[{Name, Value, Sensitive}]` (EnvList, ParamList).
    static func variables(_ p: ActionParameters, _ name: String) throws(CodingError) -> [CIJob.Variable] {
        var out: [CIJob.Variable] = []
        for item in try objects(p, name) {
            out.append(
                CIJob.Variable(
                    name: try item.string("Name"), value: try item.optionalString("Value") ?? "", sensitive: try item.optionalBool("Sensitive") ?? false))
        }
        return out
    }

    /// An optional array of objects, each as parameters (errors name `List.N.Field`).
    static func objects(_ p: ActionParameters, _ name: String) throws(CodingError) -> [ActionParameters] {
        guard p.value(name) != nil else { return [] }
        var out: [ActionParameters] = []
        for (index, item) in try p.array(name).enumerated() {
            guard case .object(let fields) = item else { throw .invalidParameter("\(name).\(index)", "must be an object") }
            out.append(ActionParameters(fields))
        }
        return out
    }

    static func strings(_ p: ActionParameters, _ name: String) throws(CodingError) -> [String] {
        guard p.value(name) != nil else { return [] }
        var out: [String] = []
        for item in try p.array(name) {
            guard case .string(let s) = item else { throw .invalidParameter(name, "must be an array of strings") }
            out.append(s)
        }
        return out
    }

    static func ints(_ p: ActionParameters, _ name: String) throws(CodingError) -> [Int64] {
        guard p.value(name) != nil else { return [] }
        var out: [Int64] = []
        for item in try p.array(name) {
            guard case .number(let n) = item, n.rounded() == n, abs(n) < 9.0e15 else { throw .invalidParameter(name, "must be an array of integers") }
            out.append(Int64(n))
        }
        return out
    }
}
