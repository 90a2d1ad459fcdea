/// CODING's `DepotInfo`: one shape for every action that returns depots (DescribeGitDepot,
/// the depot lists, ModifyDepotName, CreateDepotByTemplate). The project is also the depot's
/// "group". Every URL is one the server answers: `HttpsUrl` and `WebUrl` are the smart-HTTP
/// clone URL; `SshUrl` is empty because there is no SSH transport.
struct DepotDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var HttpsUrl: String
    var ProjectId: Int64
    var SshUrl: String
    var WebUrl: String
    var VcsType: String = "git"
    var RepoType: String = "git"
    var ProjectName: String
    var Description: String
    var CreatedAt: Int64
    var LastPushAt: Int64
    /// The branch HEAD points at.
    var DefaultBranch: String
    var GroupId: Int64
    var GroupName: String
    var GroupType: String = "PROJECT_GROUP"
    /// Not in CODING's table: whether the depot is archived (read-only).
    var Archived: Bool
}

struct DepotIdOutput: ActionOutput {
    var DepotId: Int64
}

struct DepotOutput: ActionOutput {
    var Depot: DepotDTO
}

/// CODING's `PageInfo`: `Page{PageNumber,PageSize,TotalPage,TotalRow}` (depot and commit lists).
struct PageInfoDTO: Encodable, Sendable {
    var PageNumber: Int
    var PageSize: Int
    var TotalPage: Int
    var TotalRow: Int

    init(number: Int, size: Int, total: Int) {
        PageNumber = number
        PageSize = size
        TotalPage = (total + size - 1) / size
        TotalRow = total
    }
}

/// `DepotData{Depots, Page}` (DescribeProjectDepotInfoList, DescribeTeamDepotInfoList).
struct DepotListOutput: ActionOutput {
    struct DepotData: Encodable, Sendable {
        var Depots: [DepotDTO]
        var Page: PageInfoDTO
    }
    var DepotData: DepotData
}

struct BranchNameOutput: ActionOutput {
    var BranchName: String
}

/// DescribeMyDepots: `Payload{Depots, Page}`.
struct MyDepotsOutput: ActionOutput {
    var Payload: DepotListOutput.DepotData
}

/// ModifyDepotName, CreateDepotByTemplate: `DepotInfo`.
struct DepotInfoOutput: ActionOutput {
    var DepotInfo: DepotDTO
}
