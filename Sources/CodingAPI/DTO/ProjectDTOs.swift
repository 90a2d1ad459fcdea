import SlipwayCore

/// CODING's `Project` (DescribeCodingProjects items, DescribeProjectByName, DescribeOneProject).
struct ProjectDTO: Encodable, Sendable {
    var Id: Int64
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var Status: Int = 1
    var `Type`: Int = 2
    var MaxMember: Int = 0
    var Name: String
    var DisplayName: String
    var Description: String
    var Icon: String = ""
    var TeamOwnerId: Int64 = CodingTeam.id
    var UserOwnerId: Int64
    var StartDate: Int64 = 0
    var EndDate: Int64 = 0
    var TeamId: Int64 = CodingTeam.id
    var IsDemo: Bool = false
    var Archived: Bool = false
    /// Not in CODING's table; tells callers whether anonymous clone works.
    var IsPublic: Bool

    init(_ p: Project, id: Int64, ownerID: Int64) {
        Id = id
        CreatedAt = p.createdAt
        UpdatedAt = p.updatedAt
        Name = p.key
        DisplayName = p.name
        Description = p.description
        UserOwnerId = ownerID
        IsPublic = p.isPublic
        StartDate = p.startDate
        EndDate = p.endDate
    }
}

/// The one team a Slipway server hosts.
enum CodingTeam {
    static let id: Int64 = 1
}

/// CODING's `UserData` (team and project member lists).
struct UserDataDTO: Encodable, Sendable {
    var Id: Int64
    var TeamId: Int64 = CodingTeam.id
    var Name: String
    var NamePinYin: String
    var Avatar: String = ""
    var Email: String
    var Phone: String = ""
    var EmailValidation: Int
    var PhoneValidation: Int = 0
    var Status: Int = 1
    var GlobalKey: String
    /// The user's roles in the project (project member lists); team lists have none to show.
    var Roles: [MemberRoleDTO]

    init(_ u: User, id: Int64, roles: [MemberRoleDTO] = []) {
        Id = id
        Name = u.name
        NamePinYin = u.name
        Email = u.email
        EmailValidation = u.email.isEmpty ? 0 : 1
        GlobalKey = u.account
        Roles = roles
    }
}

struct MemberRoleDTO: Encodable, Sendable {
    var RoleType: String
    var RoleId: Int64
    var RoleTypeName: String
}

/// `DescribeCodingCurrentUser.User`.
struct CurrentUserDTO: Encodable, Sendable {
    var Id: Int64
    var Status: Int = 1
    var Email: String
    var GlobalKey: String
    var Avatar: String = ""
    var Name: String
    var NamePinYin: String
    var Phone: String = ""
    var PhoneValidation: Int = 0
    var EmailValidation: Int
    var PhoneRegionCode: String = ""
    var TeamId: Int64 = CodingTeam.id
    /// Not tracked by Slipway; present (empty) because the vendor requires them.
    var Region: String = ""
    var WeComId: String = ""
    var Gravatar: String = ""

    init(_ u: User, id: Int64) {
        Id = id
        Email = u.email
        GlobalKey = u.account
        Name = u.name
        NamePinYin = u.name
        EmailValidation = u.email.isEmpty ? 0 : 1
    }
}

/// The legacy `GET /api/me` body (snake_case, as CODING's document shows it).
struct LegacyMeDTO: Encodable, Sendable {
    var id: Int64
    var global_key: String
    var name: String
    var name_pinyin: String
    var avatar: String = ""
    var email: String
    var email_validation: Int
    var path: String
    var team: String
    var created_at: Int64
    var updated_at: Int64
}

struct ProjectListOutput: ActionOutput {
    struct DataBody: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalCount: Int
        var ProjectList: [ProjectDTO]
    }
    var Data: DataBody
}

struct ProjectOutput: ActionOutput {
    var Project: ProjectDTO
}

struct ProjectIdOutput: ActionOutput {
    var ProjectId: Int64
}

struct CurrentUserOutput: ActionOutput {
    var User: CurrentUserDTO
}

struct TeamMembersOutput: ActionOutput {
    struct DataBody: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalCount: Int
        var TeamMembers: [UserDataDTO]
    }
    var Data: DataBody
}

struct ProjectMembersOutput: ActionOutput {
    struct DataBody: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalCount: Int
        var ProjectMembers: [UserDataDTO]
    }
    var Data: DataBody
}
