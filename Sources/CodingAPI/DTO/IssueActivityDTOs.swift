import SlipwayCore
import SlipwayServices

/// `ProjectFile`: a file attached to an issue (its download URL comes from DescribeIssueFileUrl).
struct IssueFileDTO: Encodable, Sendable {
    var FileId: Int64
    var Name: String
    /// 1 text, 2 image, 3 binary, 4 SVG.
    var `Type`: Int
    var Size: Int64
    var Url = ""

    init(_ file: IssueAttachment) {
        FileId = file.id
        Name = file.fileName
        Size = file.size ?? 0
        let ext = file.fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "svg": Type = 4
        case "png", "jpg", "jpeg", "gif", "bmp", "webp": Type = 2
        case "txt", "md", "log", "csv", "json", "yaml", "yml", "xml": Type = 1
        default: Type = 3
        }
    }
}

/// `CustomField` of an issue: the field's id and its value.
struct IssueCustomFieldDTO: Encodable, Sendable {
    var Id: Int64
    var Name = ""
    var ValueString: String
}

/// DescribeIssueLogList's `IssueLog`.
struct IssueLogDTO: Encodable, Sendable {
    var IssueId: Int64
    var ActionType: String
    var Target: String
    var TargetName: String
    var Content: String
    var CreateAt: Int64
    var UpdatedAt: Int64
    var Creator: Int64

    init(_ e: IssueLogEntry, _ people: PlanningPeople) {
        IssueId = e.issueID
        ActionType = e.action
        Target = e.target
        TargetName = e.targetName
        Content = e.content
        CreateAt = e.createdAt
        UpdatedAt = e.createdAt
        Creator = people.id(e.creatorUID)
    }
}

struct IssueLogListOutput: ActionOutput {
    var IssueList: [IssueLogDTO]
}

/// DescribeIssueCustomFieldLogList's `CustomFieldChangeLog`.
struct CustomFieldChangeLogDTO: Encodable, Sendable {
    var IssueId: Int64
    var ActionType: String
    var FieldType: String
    var FieldName: String
    var FieldId: Int64
    var FieldValue: String
    var UpdatedAt: Int64
    var Creator: Int64
}

struct CustomFieldLogListOutput: ActionOutput {
    var FieldChangeLogList: [CustomFieldChangeLogDTO]
}

/// `IssueFilter`; the vendor's example names the conditions `Content`, its schema `ContentString`: both are sent.
struct IssueFilterDTO: Encodable, Sendable {
    var Id: Int64
    var IssueType: String
    var CreatorId: Int64 = 0
    var Name: String
    var IsSystem = true
    var SharedTeam = false
    var IsDefault: Bool
    var Content: String
    var ContentString: String
    var CreatedAt: Int64
    var UpdatedAt: Int64

    init(_ f: IssueFilter) {
        Id = f.id
        IssueType = f.issueType
        Name = f.name
        IsDefault = f.isDefault
        Content = f.content
        ContentString = f.content
        CreatedAt = f.createdAt
        UpdatedAt = f.createdAt
    }
}

struct IssueFilterListOutput: ActionOutput {
    struct Lists: Encodable, Sendable {
        var SystemFilterList: [IssueFilterDTO]
        var CustomFilterList: [IssueFilterDTO]
    }

    var Data: Lists
}
