/// CODING's `DepotInfo` as DescribeGitDepot returns it.
struct DepotDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var HttpsUrl: String
    var ProjectId: Int64
    var SshUrl: String
    var WebUrl: String
    var VcsType: String = "git"
    var ProjectName: String
    var Description: String
    var CreatedAt: Int64
    var LastPushAt: Int64
    /// Not in CODING's table: the branch HEAD points at.
    var DefaultBranch: String
}

/// The short `DepotInfo` of DescribeProjectDepotInfoList.
struct DepotSummaryDTO: Encodable, Sendable {
    var Name: String
    var HttpsUrl: String
    var SshUrl: String
    var Id: Int64
    var VcsType: String = "git"
    var Description: String
}

struct DepotIdOutput: ActionOutput {
    var DepotId: Int64
}

struct DepotOutput: ActionOutput {
    var Depot: DepotDTO
}

struct DepotListOutput: ActionOutput {
    struct DepotData: Encodable, Sendable {
        var Depots: [DepotSummaryDTO]
    }
    var DepotData: DepotData
}

struct BranchNameOutput: ActionOutput {
    var BranchName: String
}

/// The `DepotInfo` of DescribeMyDepots.
struct MyDepotDTO: Encodable, Sendable {
    var Id: Int64
    var ProjectId: Int64
    var Name: String
    var HttpsUrl: String
    var SshUrl: String
    var WebUrl: String
    var VcsType: String = "git"
    var ProjectName: String
    var Description: String
}

struct MyDepotsOutput: ActionOutput {
    struct DepotData: Encodable, Sendable {
        var Depots: [MyDepotDTO]
    }
    var Payload: DepotData
}

/// ModifyDepotName's `DepotInfo`.
struct RenamedDepotOutput: ActionOutput {
    struct Info: Encodable, Sendable {
        var Id: Int64
        var Name: String
        var HttpsUrl: String
        var ProjectId: Int64
        var SshUrl: String
        var WebUrl: String
        var VcsType: String = "git"
    }
    var DepotInfo: Info
}
