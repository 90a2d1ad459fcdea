import Foundation
import SlipwayCore

/// What a CI job's fields may hold (CODING's enums and the fields each choice requires).
enum CIJobRules {
    static let executeIn: Set<String> = ["CVM", "STATIC", "AGENT"]
    static let hookTypes: Set<String> = ["DEFAULT", "TAG", "BRANCH", "CUSTOM"]
    static let jenkinsFileFrom: Set<String> = ["STATIC", "SCM"]
    static let triggerMethods: Set<String> = ["REF_CHANGE", "CRON", "MR_CHANGE"]
    static let triggerRemind: Set<String> = ["ALWAYS", "BUILD_FAIL"]
    static let depotTypes: Set<String> = ["CODING", "NONE"]
    static let maxVariables = 200
    static let maxCachePaths = 20

    static func check(_ job: CIJob) throws(SlipwayError) {
        func one(_ value: String, of allowed: Set<String>, _ name: String) throws(SlipwayError) {
            guard allowed.contains(value) else {
                throw .invalidInput("\(name) must be one of \(allowed.sorted().joined(separator: ", ")) (got \(value.prefix(40)))")
            }
        }
        let name = job.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw .invalidInput("Name must be 1 to 100 characters") }
        try one(job.executeIn, of: executeIn, "ExecuteIn")
        try one(job.hookType, of: hookTypes, "HookType")
        try one(job.jenkinsFileFromType, of: jenkinsFileFrom, "JenkinsFileFromType")
        try one(job.triggerRemind, of: triggerRemind, "TriggerRemind")
        try one(job.depotType, of: depotTypes, "DepotType (Slipway builds depots hosted here, or none)")
        for method in job.triggerMethods { try one(method, of: triggerMethods, "TriggerMethodList") }
        if job.executeIn == "AGENT", job.executedAgentPoolID <= 0 { throw .invalidInput("ExecutedAgentPoolId is required when ExecuteIn is AGENT") }
        if job.hookType == "DEFAULT", job.triggerMethods.contains("REF_CHANGE"), job.branchSelector.isEmpty {
            throw .invalidInput("BranchSelector is required when HookType is DEFAULT")
        }
        if job.hookType == "CUSTOM" {
            guard !job.branchRegex.isEmpty else { throw .invalidInput("BranchRegex is required when HookType is CUSTOM") }
            guard job.branchRegex.count <= 500, (try? Regex(job.branchRegex)) != nil else {
                throw .invalidInput("BranchRegex is not a valid regular expression")
            }
        }
        switch job.jenkinsFileFromType {
        case "SCM":
            guard job.depotType != "NONE" else { throw .invalidInput("JenkinsFileFromType SCM needs a depot") }
            guard !job.jenkinsFilePath.isEmpty, job.jenkinsFilePath.count <= 500 else {
                throw .invalidInput("JenkinsFilePath is required when JenkinsFileFromType is SCM")
            }
        default:
            guard !job.jenkinsFileStaticContent.isEmpty else {
                throw .invalidInput("JenkinsFileStaticContent is required when JenkinsFileFromType is STATIC")
            }
        }
        guard job.schedules.count <= 20 else { throw .invalidInput("ScheduleList holds at most 20 rules") }
        for (index, schedule) in job.schedules.enumerated() {
            if let problem = schedule.problem { throw .invalidInput("ScheduleList[\(index)]: \(problem)") }
        }
        if job.triggerMethods.contains("CRON"), job.schedules.isEmpty { throw .invalidInput("ScheduleList is required when TriggerMethodList has CRON") }
        guard job.env.count <= maxVariables else { throw .invalidInput("EnvList has more than \(maxVariables) variables") }
        var names: Set<String> = []
        for variable in job.env {
            guard JenkinsVariable.isName(variable.name) else { throw .invalidInput("EnvList name \(variable.name.prefix(60)) is not a valid variable name") }
            guard names.insert(variable.name).inserted else { throw .invalidInput("EnvList names \(variable.name) twice") }
        }
        guard job.cachePaths.count <= maxCachePaths else { throw .invalidInput("CachePathList has more than \(maxCachePaths) paths") }
        for cache in job.cachePaths {
            let parts = cache.path.split(separator: "/")
            guard !cache.path.hasPrefix("/") else {
                throw .invalidInput("CachePathList path \(cache.path.prefix(60)): builds run sandboxed, so cache paths are relative to the workspace")
            }
            guard !parts.isEmpty, !parts.contains(".."), cache.path.count <= 500 else {
                throw .invalidInput("CachePathList path \(cache.path.prefix(60)) must name a directory without '..'")
            }
        }
    }
}
