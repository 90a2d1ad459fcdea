import SlipwayCore
import SlipwayServices

/// CODING's `Wiki` (CreateWiki, ModifyWiki, DescribeWiki): one page at one version.
struct WikiDTO: Encodable, Sendable {
    var Id: Int64
    var Title: String
    var Content: String
    var Msg: String
    var Iid: Int64
    var Html: String
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var ParentIid: Int64
    var Order: Int64
    var HistoryId: Int64
    var HistoriesCount: Int
    var LastVersion: Int64
    var CurrentVersion: Int64
    var Path: String
    var ParentShared = false
    var VisibleRange = "INHERIT"
    var ParentVisibleRange = "INHERIT"
    var CanMaintain: Bool
    var CanRead = true
    var Editor: IssueUserDTO
    var Creator: IssueUserDTO

    init(_ d: WikiService.Detail, team: String) {
        (Id, Title, Content, Msg, Iid) = (d.page.id, d.page.title, d.content, d.version.message, d.page.iid)
        Html = MarkdownHTML.render(d.content)
        (CreatedAt, UpdatedAt, ParentIid, Order) = (d.page.createdAt, d.version.createdAt, d.page.parentIid, d.page.position)
        (HistoryId, HistoriesCount, LastVersion, CurrentVersion) = (d.version.id, d.versionCount, d.lastVersion, d.version.number)
        (Path, CanMaintain) = (d.path, d.canMaintain)
        Editor = IssueUserDTO(d.version.editorUID, d.people, team: team)
        Creator = IssueUserDTO(d.page.creatorUID, d.people, team: team)
    }
}

/// DescribeWikiList's node: a page and, recursively, the pages below it.
struct WikiNodeDTO: Encodable, Sendable {
    var Id: Int64
    var Title: String
    var Content: String
    var IsShared = false
    var Iid: Int64
    var VisibleRange = "INHERIT"
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var ParentIid: Int64
    var Order: Double
    var Creator: IssueUserDTO
    var Editor: IssueUserDTO
    var IsTreeShared = false
    var CanMaintain: Bool
    var CanRead = true
    var Children: [WikiNodeDTO]

    init(_ node: WikiTree.Node, _ list: WikiService.PageList, team: String) {
        let p = node.page
        (Id, Title, Content, Iid, ParentIid, Order) = (p.id, p.title, list.contents[p.iid] ?? "", p.iid, p.parentIid, Double(p.position))
        (CreatedAt, UpdatedAt, CanMaintain) = (p.createdAt, p.updatedAt, list.canMaintain)
        Creator = IssueUserDTO(p.creatorUID, list.people, team: team)
        Editor = IssueUserDTO(p.editorUID, list.people, team: team)
        Children = node.children.map { WikiNodeDTO($0, list, team: team) }
    }
}

struct WikiOutput: ActionOutput {
    var Data: WikiDTO
}

struct WikiListOutput: ActionOutput {
    var Data: [WikiNodeDTO]
}

/// CreateUploadToken's `Token`: where and with what to upload. `UpToken` (also `SecretId`) is
/// the `Key`, `AuthToken` the secret (sent as `X-Upload-Token` with the upload and handed back
/// with `Key`, `Time` and `FileName` to CreateWikiByZip / ModifyWikiByZip), `Time` the expiry.
struct UploadTokenDTO: Encodable, Sendable {
    var AuthToken: String
    var Provider = "SLIPWAY"
    var SecretId: String
    var SecretKey = ""
    var Time: Int64
    var UpToken: String
    var UploadLink: String
}

struct UploadTokenOutput: ActionOutput {
    var Token: UploadTokenDTO
}

struct WikiJobIDOutput: ActionOutput {
    var JobId: String
}

struct WikiJobStatusOutput: ActionOutput {
    struct Status: Encodable, Sendable {
        var JobId: String
        var Status: String
    }
    var Data: Status
}

/// The answer of an upload (`PUT /open-api/uploads/<Key>`).
struct UploadOutput: ActionOutput {
    var Key: String
    var FileName: String
    var Size: Int64
}
