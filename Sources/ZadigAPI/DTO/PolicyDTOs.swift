import SlipwayCore

/// `GET /openapi/policy/resource-actions` item.
struct ResourceActionsItem: Encodable {
    let resource: String
    let alias: String
    let rules: [Rule]

    struct Rule: Encodable {
        let action: String
        let alias: String
    }

    init(_ r: ResourceCatalog.Resource) {
        resource = r.name
        alias = r.alias
        rules = r.actions.map { Rule(action: $0.action, alias: $0.alias) }
    }
}

/// A role in a list.
struct RoleBrief: Encodable {
    let id: Int64
    let name: String
    let namespace: String
    let desc: String
    let type: String

    init(_ r: Role) {
        id = r.id
        name = r.name
        namespace = r.namespace
        desc = r.description
        type = r.type
    }
}

/// A role with its rules, actions grouped by resource.
struct RoleDetail: Encodable {
    let id: Int64
    let name: String
    let namespace: String
    let desc: String
    let type: String
    let rules: [Rule]

    struct Rule: Encodable {
        let resource: String
        let verbs: [String]
    }

    init(_ r: Role) {
        id = r.id
        name = r.name
        namespace = r.namespace
        desc = r.description
        type = r.type
        rules = ResourceCatalog.kubernetes.compactMap { resource in
            let verbs = resource.actions.map(\.action).filter { r.actions.contains($0) }
            return verbs.isEmpty ? nil : Rule(resource: resource.name, verbs: verbs)
        }
    }
}

/// `POST /openapi/policy/roles` body.
struct CreateRoleRequest: Decodable {
    let name: String
    let namespace: String?
    let desc: String?
    let actions: [String]
}

/// `PUT /openapi/policy/roles/:name` body.
struct UpdateRoleRequest: Decodable {
    let actions: [String]
    let desc: String?
}

/// `POST /openapi/policy/role-bindings` body.
struct CreateBindingRequest: Decodable {
    let role: String
    let identities: [Identity]

    struct Identity: Decodable {
        let identity_type: String
        let uid: String?
        let gid: String?
    }
}

/// `POST /openapi/policy/role-bindings/{user|group}/:id` body.
struct ReplaceBindingRequest: Decodable {
    let roles: [String]
}

/// A role binding in a list.
struct RoleBindingItem: Encodable {
    let binding_type: String
    let user_info: UserInfo?
    let group_info: GroupInfo?
    let roles: [String]

    struct UserInfo: Encodable {
        let identity_type: String
        let uid: String
        let account: String
        let username: String
    }

    struct GroupInfo: Encodable {
        let group_id: String
        let name: String
    }
}
