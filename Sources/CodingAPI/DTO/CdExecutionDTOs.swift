import SlipwayCore

struct CdPipelineTriggeredOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var PipelineExecutionId: String
        var PipelineExecutionRef: String
    }
    var Data: Body
}

struct CdPipelineExecutionOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Application: String
        var PipelineConfigId: String
        var PipelineExecutionJsonContent: String
        var PipelineExecutionStatus: String
        var PipelineName: String
    }
    var Data: Body
}

/// One execution of `DescribeExecutionsByConfigId`: the execution's fields, objects as JSON text.
struct CdExecutionDTO: Encodable, Sendable {
    var Application: String
    var Authentication: String
    var BuildTime: Int64
    var Canceled: Bool
    var CustomName: String
    var EndTime: Int64
    var Id: String
    var InitialConfig: String
    var KeepWaitingPipelines: Bool
    var LimitConcurrent: Bool
    var Name: String
    var Origin: String
    var PipelineConfigId: String
    var Stages: String
    var StartTime: Int64
    var Status: String
    var SystemNotifications: String
    var Trigger: String
    var `Type`: String

    init(_ document: JSONValue) throws {
        func text(_ key: String) throws -> String { try CdApplicationActions.text(document[key]) }
        func number(_ key: String) -> Int64 { Int64(document[key].int ?? 0) }
        Application = document["application"].string ?? ""
        Authentication = try text("authentication")
        BuildTime = number("buildTime")
        Canceled = document["canceled"].bool ?? false
        CustomName = document["customName"].string ?? ""
        EndTime = number("endTime")
        Id = document["id"].string ?? ""
        InitialConfig = try text("initialConfig")
        KeepWaitingPipelines = false
        LimitConcurrent = true
        Name = document["name"].string ?? ""
        Origin = document["origin"].string ?? ""
        PipelineConfigId = document["pipelineConfigId"].string ?? ""
        Stages = try text("stages")
        StartTime = number("startTime")
        Status = document["status"].string ?? ""
        SystemNotifications = try text("systemNotifications")
        Trigger = try text("trigger")
        `Type` = "PIPELINE"
    }
}

struct CdExecutionsOutput: ActionOutput {
    struct Body: Encodable, Sendable { var Executions: [CdExecutionDTO] }
    var Data: Body
}

struct CdHostInstanceDTO: Encodable, Sendable {
    var Account: String
    var CloudProvider: String
    var DeployedTime: Int64
    var HumanReadableName: String
    var Ip: String
    var Name: String
    var ProviderType: String
    var Region: String
    var Status: String
    var Zone: String
}

struct CdHostInstancesOutput: ActionOutput {
    var Data: [CdHostInstanceDTO]
}
