import SlipwayCore
import SlipwayStore

/// `GET /openapi/users` response.
struct UserListResponse: Encodable {
    let users: [UserBrief]
    let total_count: Int
}

struct UserBrief: Encodable {
    let uid: String
    let account: String
    let name: String
    let identity_type: String
    let last_login_time: Int64

    init(_ u: User) {
        uid = u.uid
        account = u.account
        name = u.name
        identity_type = u.identityType
        last_login_time = u.lastLoginAt?.seconds ?? 0
    }
}

/// `GET /openapi/users/:uid` response.
struct UserDetailResponse: Encodable {
    let uid: String
    let account: String
    let name: String
    let email: String
    let phone: String
    let identity_type: String
    let last_login_time: Int64
    let created_at: Int64
    let system_role: String

    init(_ u: User) {
        uid = u.uid
        account = u.account
        name = u.name
        email = u.email
        phone = ""
        identity_type = u.identityType
        last_login_time = u.lastLoginAt?.seconds ?? 0
        created_at = u.createdAt.seconds
        system_role = u.isAdmin ? "admin" : ""
    }
}

/// `GET /openapi/user-groups` response.
struct GroupListResponse: Encodable {
    let group_list: [Item]
    let total: Int

    struct Item: Encodable {
        let id: String
        let name: String
        let description: String
        let type: String
        let user_total: Int
    }

    init(_ page: Page<GroupSummary>) {
        total = page.total
        group_list = page.items.map {
            Item(id: $0.group.gid, name: $0.group.name, description: $0.group.description, type: $0.group.type, user_total: $0.userTotal)
        }
    }
}
