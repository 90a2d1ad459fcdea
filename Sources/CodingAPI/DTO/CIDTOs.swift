import SlipwayCore

/// A CI job as DescribeCodingCIJob(s) return it (vendor schema `CodingCIJob`).
struct CIJobDTO: Encodable, Sendable {
    var Id: Int64
    var ProjectId: Int64
    var ProjectName: String
    var DepotId: Int64
    var DepotName: String
    var DepotWebUrl: String
    var DepotSshUrl: String
    var DepotHttpsUrl: String
    var DepotType: String
    var Name: String
    var ExecuteIn: String
    var ExecutedAgentPoolId: Int64
    var TriggerMethodList: [String]
    var HookType: String
    var BranchSelector: String
    var BranchRegex: String
    var JenkinsFileFromType: String
    var JenkinsFilePath: String
    var JenkinsFileStaticContent: String
    var AutoCancelSameRevision: Bool
    var AutoCancelSameMergeRequest: Bool
    var TriggerRemind: String
    var CachePathList: [CachePathDTO]
    var CacheSize: Int64
    var EnvList: [CIEnvDTO]
    var ScheduleList: [CIScheduleDTO]
    var AlwaysUserIdList: [Int64]
    var BuildFailUserIdList: [Int64]
    var JobFromType: String
    var CreatorId: Int64
    var CreatedAt: Int64
    var UpdatedAt: Int64
}

struct CachePathDTO: Encodable, Sendable {
    var AbsolutePath: String
    var Enabled: Bool
}

/// `{Name, Value, Sensitive}`; a sensitive variable's value is never returned.
struct CIEnvDTO: Encodable, Sendable {
    var Name: String
    var Value: String
    var Sensitive: Bool

    init(_ variable: CIJob.Variable) {
        Name = variable.name
        Value = variable.sensitive ? "" : variable.value
        Sensitive = variable.sensitive
    }
}

struct CIScheduleDTO: Encodable, Sendable {
    var Branch: String
    var Weekend: String
    var Repeat: Bool
    var StartTime: String
    var EndTime: String
    var Interval: String
    var RefChangeTrigger: Bool

    init(_ s: CIJob.Schedule) {
        Branch = s.branch
        Weekend = s.weekend
        Repeat = s.repeats
        StartTime = s.startTime
        EndTime = s.endTime
        Interval = s.interval
        RefChangeTrigger = s.refChangeTrigger
    }
}

/// A build (vendor schema `CodingCIBuild`).
struct CIBuildDTO: Encodable, Sendable {
    var Id: Int64
    var JobId: Int64
    var CodingCIId: String
    var Number: Int64
    var Branch: String
    var CommitId: String
    var Cause: String
    var Status: String
    var StatusNode: String
    var FailedMessage: String
    var JenkinsFileContent: String
    var Duration: Int64
    var CreatedAt: Int64
    var StartedAt: Int64
    var NodeObtainedAt: Int64
    var TestResult: TestResultDTO
    var EnvList: [CIEnvDTO]
}

/// A build's test summary from the JUnit files it published (`Empty` when none): failures and
/// errors both count as failed; `Duration` in milliseconds.
struct TestResultDTO: Encodable, Sendable {
    var Duration: Int64 = 0
    var Empty: Bool = true
    var FailCount: Int64 = 0
    var PassCount: Int64 = 0
    var SkipCount: Int64 = 0
    var TotalCount: Int64 = 0

    init(_ totals: JUnitTotals?) {
        guard let totals else { return }
        Empty = false
        Duration = Int64((totals.time * 1000).rounded())
        FailCount = Int64(totals.failed + totals.errors)
        PassCount = Int64(totals.passed)
        SkipCount = Int64(totals.skipped)
        TotalCount = Int64(totals.total)
    }
}

struct CIJobIdOutput: ActionOutput {
    struct Body: Encodable, Sendable { var Id: Int64 }
    var Data: Body
}

struct CIJobOutput: ActionOutput {
    var Job: CIJobDTO
}

struct CIJobListOutput: ActionOutput {
    var JobList: [CIJobDTO]
}

struct CIBuildOutput: ActionOutput {
    var Build: CIBuildDTO
}

struct CITriggerOutput: ActionOutput {
    struct Body: Encodable, Sendable { var Build: CIBuildDTO }
    var Data: Body
}

struct CIBuildListOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var BuildList: [CIBuildDTO]
        var PageNumber: Int
        var PageSize: Int
        var TotalCount: Int
    }
    var Data: Body
}

/// `Data{Log, MoreData, TextDelivered, TextSize}` of the log actions.
struct CILogOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Log: String
        var MoreData: Bool
        var TextDelivered: Int
        var TextSize: Int
    }
    var Data: Body
}

struct CIRawLogOutput: ActionOutput {
    struct Body: Encodable, Sendable { var Raw: String }
    var Data: Body
}

struct CIStageOutput: ActionOutput {
    struct Body: Encodable, Sendable { var StageJsonString: String }
    var Data: Body
}

struct CIStepOutput: ActionOutput {
    struct Body: Encodable, Sendable { var StepJsonString: String }
    var Data: Body
}

struct CIEnvListOutput: ActionOutput {
    var EnvList: [CIEnvDTO]
}
