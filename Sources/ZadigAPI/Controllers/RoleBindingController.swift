import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Zadig §14: role bindings for users and groups.
struct RoleBindingController {
    let store: Store
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("policy/role-bindings", use: list)
        group.post("policy/role-bindings", use: create)
        group.post("policy/role-bindings/user/:uid", use: replaceForUser)
        group.delete("policy/role-bindings/user/:uid", use: deleteForUser)
        group.post("policy/role-bindings/group/:gid", use: replaceForGroup)
        group.delete("policy/role-bindings/group/:gid", use: deleteForGroup)
    }

    /// Who holds which roles in a project.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        try await access.require(.view, project: namespace, context: context)
        var items: [RoleBindingItem] = []
        for binding in try await store.roles.bindings(namespace: namespace) {
            switch binding.subject {
            case .user(let uid):
                let user = try await store.users.find(uid: uid)
                items.append(
                    RoleBindingItem(
                        binding_type: "user",
                        user_info: .init(
                            identity_type: user?.identityType ?? "system", uid: uid,
                            account: user?.account ?? "", username: user?.name ?? ""),
                        group_info: nil, roles: binding.roles))
            case .group(let gid):
                let group = try await store.groups.find(gid: gid)
                items.append(
                    RoleBindingItem(
                        binding_type: "group", user_info: nil,
                        group_info: .init(group_id: gid, name: group?.name ?? ""), roles: binding.roles))
            }
        }
        return try JSONResponse.make(items)
    }

    /// Grant one role to users and groups.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        let body = try await ZadigInput.body(CreateBindingRequest.self, request, context)
        context.audit.note(function: "角色绑定", projectKey: namespace, detail: body.role)
        guard !body.identities.isEmpty else { throw ZadigError.badRequest("identities must not be empty") }
        let subjects = try body.identities.enumerated().map { index, identity -> BindingSubject in
            switch (identity.identity_type, identity.uid, identity.gid) {
            case ("user", let uid?, _) where !uid.isEmpty: return .user(uid: uid)
            case ("group", _, let gid?) where !gid.isEmpty: return .group(gid: gid)
            default:
                throw ZadigError.badRequest("identities[\(index)]: identity_type must be user (with uid) or group (with gid)")
            }
        }
        try await access.require(.administer, project: namespace, context: context)
        try await store.roles.addBindings(namespace: namespace, role: body.role, subjects: subjects)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func replaceForUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await replace(.user(uid: try ZadigInput.path(context, "uid")), request, context)
    }

    @Sendable func replaceForGroup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await replace(.group(gid: try ZadigInput.path(context, "gid")), request, context)
    }

    @Sendable func deleteForUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await remove(.user(uid: try ZadigInput.path(context, "uid")), request, context)
    }

    @Sendable func deleteForGroup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await remove(.group(gid: try ZadigInput.path(context, "gid")), request, context)
    }

    /// Replace the roles a subject holds.
    private func replace(_ subject: BindingSubject, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        context.audit.note(function: "角色绑定", projectKey: namespace, detail: subject.id)
        let body = try await ZadigInput.body(ReplaceBindingRequest.self, request, context)
        try await access.require(.administer, project: namespace, context: context)
        try await store.roles.replaceBindings(namespace: namespace, subject: subject, roles: body.roles)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Remove every role a subject holds.
    private func remove(_ subject: BindingSubject, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        context.audit.note(function: "角色绑定", projectKey: namespace, detail: subject.id)
        try await access.require(.administer, project: namespace, context: context)
        try await store.roles.deleteBindings(namespace: namespace, subject: subject)
        return try JSONResponse.make(SuccessResponse())
    }
}
