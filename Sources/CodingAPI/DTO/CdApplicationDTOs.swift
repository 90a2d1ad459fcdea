import SlipwayCore

/// `{Name}` of an application list.
struct CdApplicationNameDTO: Encodable, Sendable {
    var Name: String
}

struct CdApplicationsOutput: ActionOutput {
    struct Body: Encodable, Sendable { var Applications: [CdApplicationNameDTO] }
    var Data: Body

    init(_ applications: [CdApplication]) {
        Data = Body(Applications: applications.map { CdApplicationNameDTO(Name: $0.name) })
    }
}

/// DescribeCdApplication: the application as a JSON string.
struct CdApplicationOutput: ActionOutput {
    struct Body: Encodable, Sendable { var ApplicationJsonContent: String }
    var Data: Body
}

/// CreateCdTask: `{TaskExecutionRef "/tasks/<id>", TaskExecutionId}`.
struct CdTaskCreatedOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var TaskExecutionId: String
        var TaskExecutionRef: String
    }
    var Data: Body
}

/// DescribeCdTask: `{Application, TaskExecutionJsonContent, TaskExecutionStatus}`.
struct CdTaskOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Application: String
        var TaskExecutionJsonContent: String
        var TaskExecutionStatus: String
    }
    var Data: Body
}
