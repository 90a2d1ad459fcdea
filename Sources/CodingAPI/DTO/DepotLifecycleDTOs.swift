/// The full `DepotInfo` of DescribeTeamDepotInfoList and CreateDepotByTemplate: DescribeGitDepot's
/// fields plus the project seen as a "group", and whether the depot is archived (not in CODING's
/// table).
struct DepotInfoDTO: Encodable, Sendable {
    var depot: DepotDTO
    var archived: Bool

    private enum Extra: String, CodingKey { case GroupId, GroupName, GroupType, RepoType, Archived }

    func encode(to encoder: any Encoder) throws {
        try depot.encode(to: encoder)
        var c = encoder.container(keyedBy: Extra.self)
        try c.encode(depot.ProjectId, forKey: .GroupId)
        try c.encode(depot.ProjectName, forKey: .GroupName)
        try c.encode("PROJECT_GROUP", forKey: .GroupType)
        try c.encode(depot.VcsType, forKey: .RepoType)
        try c.encode(archived, forKey: .Archived)
    }
}

struct TeamDepotsOutput: ActionOutput {
    struct PageInfo: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
    }
    struct DepotData: Encodable, Sendable {
        var Depots: [DepotInfoDTO]
        var Page: PageInfo
    }
    var DepotData: DepotData
}

struct DepotInfoOutput: ActionOutput {
    var DepotInfo: DepotInfoDTO
}

struct NewDepotPathOutput: ActionOutput {
    var NewDepotPath: String
}
