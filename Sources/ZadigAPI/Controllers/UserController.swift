import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Zadig §14: users and user groups.
struct UserController {
    let store: Store
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("users", use: list)
        group.get("users/:uid", use: detail)
        group.delete("users/:uid", use: delete)
        group.get("user-groups", use: groups)
    }

    /// Users, optionally filtered by an account keyword.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        let pageNum = try ZadigInput.pageQuery(request, "pageNum", default: nil, max: Int(Int32.max))
        let pageSize = try ZadigInput.pageQuery(request, "pageSize", default: nil)
        let page = try await store.users.list(keyword: ZadigInput.query(request, "account"), page: pageNum, pageSize: pageSize)
        return try JSONResponse.make(UserListResponse(users: page.items.map(UserBrief.init), total_count: page.total))
    }

    /// One user.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        let uid = try ZadigInput.path(context, "uid")
        guard let user = try await store.users.find(uid: uid) else { throw SlipwayError.notFound("user \(uid) not found") }
        return try JSONResponse.make(UserDetailResponse(user))
    }

    /// Delete a user (system administrators only; not yourself).
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let uid = try ZadigInput.path(context, "uid")
        context.audit.note(function: "用户", detail: uid)
        try access.requireAdmin(context)
        guard try access.identity(context).user.uid != uid else {
            throw ZadigError.badRequest("you cannot delete your own account")
        }
        try await store.users.delete(uid: uid)
        return try JSONResponse.make(SuccessResponse())
    }

    /// User groups, the built-in all-users group first.
    @Sendable func groups(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        let pageNum = try ZadigInput.pageQuery(request, "pageNum", default: 1, max: Int(Int32.max))
        let pageSize = try ZadigInput.pageQuery(request, "pageSize", default: 20)
        return try JSONResponse.make(GroupListResponse(try await store.groups.list(page: pageNum, pageSize: pageSize)))
    }
}
