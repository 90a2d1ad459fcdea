/// `{Id, Name, JsonContent}` of a pipeline config.
struct CdPipelineConfigDTO: Encodable, Sendable {
    var Id: String
    var JsonContent: String
    var Name: String
}

struct CdPipelineConfigsOutput: ActionOutput {
    struct Body: Encodable, Sendable { var PipelineConfigs: [CdPipelineConfigDTO] }
    var Data: Body
}

struct CdPipelineConfigOutput: ActionOutput {
    struct Body: Encodable, Sendable { var PipelineConfig: CdPipelineConfigDTO }
    var Data: Body
}

/// ReorderCdPipelines: the reorder's task execution, inline.
struct CdTaskExecutionOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var TaskExecutionJsonContent: String
        var TaskExecutionStatus: String
    }
    var Data: Body
}
