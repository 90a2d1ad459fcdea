/// A CODING CI job (构建计划): a depot, a Jenkinsfile (from the depot at a path, or stored with
/// the job), trigger rules, variables and cache paths. It runs as a Workflow with one
/// `coding-ci-pipeline` job; each build is a task of it.
package struct CIJob: Sendable, Equatable, Codable {
    package var id: Int64 = 0
    package var projectKey: String
    /// The depot built; 0 for `DepotType` NONE.
    package var depotID: Int64
    package var name: String
    package var executeIn: String = "CVM"
    package var executedAgentPoolID: Int64 = 0
    package var hookType: String = "DEFAULT"
    package var branchSelector: String = ""
    package var branchRegex: String = ""
    package var triggerMethods: [String] = []
    package var jenkinsFileFromType: String = "STATIC"
    package var jenkinsFilePath: String = ""
    package var jenkinsFileStaticContent: String = ""
    package var autoCancelSameRevision: Bool = false
    package var autoCancelSameMergeRequest: Bool = false
    package var triggerRemind: String = "ALWAYS"
    package var cachePaths: [CachePath] = []
    /// Variables; a sensitive one's `value` is empty here (kept sealed apart, see `secrets`).
    package var env: [Variable] = []
    package var schedules: [Schedule] = []
    package var alwaysUserIDs: [Int64] = []
    package var buildFailUserIDs: [Int64] = []
    package var jobFromType: String = "CODING"
    package var depotType: String = "CODING"
    package var workflowKey: String = ""
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, depotID: Int64, name: String) {
        self.projectKey = projectKey
        self.depotID = depotID
        self.name = name
    }

    /// A cache directory of the job: kept between builds, cleared by ClearCodingCIJobCache.
    package struct CachePath: Sendable, Equatable, Codable {
        package var path: String
        package var enabled: Bool

        package init(path: String, enabled: Bool) {
            self.path = path
            self.enabled = enabled
        }
    }

    /// A variable exported to every build (`Sensitive`: stored sealed, never returned).
    package struct Variable: Sendable, Equatable, Codable {
        package var name: String
        package var value: String
        package var sensitive: Bool

        package init(name: String, value: String, sensitive: Bool) {
            self.name = name
            self.value = value
            self.sensitive = sensitive
        }
    }

    /// A CRON trigger rule as CODING describes it.
    package struct Schedule: Sendable, Equatable, Codable {
        package var branch: String
        package var weekend: String
        package var repeats: Bool
        package var startTime: String
        package var endTime: String
        package var interval: String
        package var refChangeTrigger: Bool

        package init(branch: String, weekend: String, repeats: Bool, startTime: String, endTime: String, interval: String, refChangeTrigger: Bool) {
            self.branch = branch
            self.weekend = weekend
            self.repeats = repeats
            self.startTime = startTime
            self.endTime = endTime
            self.interval = interval
            self.refChangeTrigger = refChangeTrigger
        }
    }

    /// The workflow key of job `id`.
    package static func workflowKey(id: Int64) -> String { workflowKeyPrefix + String(id) }
    package static let workflowKeyPrefix = "coding-ci-"

    /// The job's enabled cache paths.
    package var enabledCachePaths: [String] { cachePaths.filter(\.enabled).map(\.path) }
}

/// One build of a CI job: a task of the job's workflow, with what it was built from.
package struct CIBuild: Sendable, Equatable {
    package var id: Int64 = 0
    package var jobID: Int64
    /// 1, 2, … per job.
    package var number: Int64
    /// The task of the job's workflow that runs it (0 until submitted).
    package var taskID: Int
    package var branch: String
    package var commit: String
    package var cause: String
    /// How it was started: MANUAL, REF_CHANGE, MR_CHANGE, CRON.
    package var triggerMethod: String
    /// The Jenkinsfile it ran.
    package var jenkinsfile: String
    /// Trigger parameters (`ParamList`); sensitive values are stored sealed and never returned.
    package var params: [CIJob.Variable]
    /// Who triggered it (uid).
    package var creatorUID: String
    package var createdAt: Int64

    package init(
        jobID: Int64, number: Int64, taskID: Int = 0, branch: String, commit: String, cause: String, triggerMethod: String,
        jenkinsfile: String, params: [CIJob.Variable], creatorUID: String, createdAt: Int64
    ) {
        self.jobID = jobID
        self.number = number
        self.taskID = taskID
        self.branch = branch
        self.commit = commit
        self.cause = cause
        self.triggerMethod = triggerMethod
        self.jenkinsfile = jenkinsfile
        self.params = params
        self.creatorUID = creatorUID
        self.createdAt = createdAt
    }

    /// CODING's build id text: `cci-<job>-<build>`.
    package var codingCIID: String { "cci-\(jobID)-\(id)" }
}
