struct CdDeployCountDTO: Encodable, Sendable {
    var SucceedCount: Int
    var TotalCount: Int
}

struct CdDeployCountDetailDTO: Encodable, Sendable {
    var Application: String
    var CdDeployCount: CdDeployCountDTO
}

struct CdDeployCountOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Details: [CdDeployCountDetailDTO]
        var EndDate: String
        var StartDate: String
        var Total: CdDeployCountDTO
    }
    var Data: Body
}

struct CdDeployTrendDTO: Encodable, Sendable {
    var Date: String
    var SucceedCount: Int
    var TotalCount: Int
}

struct CdDeployTrendDetailDTO: Encodable, Sendable {
    var Application: String
    var CdDeployTrend: [CdDeployTrendDTO]
    var SuccessCount: Int
    var TotalCount: Int
}

struct CdDeployTrendOutput: ActionOutput {
    struct Total: Encodable, Sendable {
        var CdDeployTrend: [CdDeployTrendDTO]
        var SuccessCount: Int
        var TotalCount: Int
    }
    struct Body: Encodable, Sendable {
        var Details: [CdDeployTrendDetailDTO]
        var EndDate: String
        var StartDate: String
        var Total: Total
    }
    var Data: Body
}

struct CdDeployTimeDTO: Encodable, Sendable {
    var DeployTime: Int64
    var TotalCount: Int
}

struct CdDeployTimeDetailDTO: Encodable, Sendable {
    var Application: String
    var CdDeployTime: CdDeployTimeDTO
}

struct CdDeployTimeOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Details: [CdDeployTimeDetailDTO]
        var EndDate: String
        var StartDate: String
        var Total: CdDeployTimeDTO
    }
    var Data: Body
}
