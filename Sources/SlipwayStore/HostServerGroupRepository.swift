import SQLKit
import SlipwayCore

struct HostServerGroupRow: Codable {
    var id: Int64
    var agentId: Int64
    var displayName: String
    var authMethod: String
    var userName: String
    var port: Int
    var ips: String
    var labels: String
    var password: String
    var createdBy: String
    var updatedAt: Int64

    /// The group, its password opened with `box`.
    func group(_ box: SecretBox) throws -> HostServerGroup {
        HostServerGroup(
            id: id, agentID: agentId, displayName: displayName,
            authMethod: HostServerGroup.AuthMethod(rawValue: authMethod) ?? .publicKey, userName: userName, port: port,
            ips: JSONColumn.decode([String].self, from: ips, default: []),
            labels: JSONColumn.decode([HostServerGroup.Label].self, from: labels, default: []),
            password: password.isEmpty ? "" : try box.open(password), createdBy: createdBy, updatedAt: updatedAt)
    }
}

/// CODING CD host server groups. Passwords are stored sealed.
package struct HostServerGroupRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox
    var rows: IdentifiedRows { IdentifiedRows(sql: sql, table: "cd_host_server_groups", noun: "host server group") }

    /// Store a new group; returns it with its id. A display name already used is a conflict.
    package func create(_ group: HostServerGroup) async throws -> HostServerGroup {
        var stored = group
        stored.id = try await rows.insert(try columns(group), name: group.displayName)
        return stored
    }

    /// Replace host server group `group.id`; not found when it is gone.
    package func update(_ group: HostServerGroup) async throws {
        try await rows.update(id: group.id, try columns(group), name: group.displayName)
    }

    func columns(_ group: HostServerGroup) throws -> [(String, any Encodable & Sendable)] {
        [
            ("agent_id", group.agentID), ("display_name", group.displayName), ("auth_method", group.authMethod.rawValue),
            ("user_name", group.userName), ("port", group.port), ("ips", JSONColumn.encode(group.ips)),
            ("labels", JSONColumn.encode(group.labels)), ("password", group.password.isEmpty ? "" : try box.seal(group.password)),
            ("created_by", group.createdBy), ("updated_at", group.updatedAt),
        ]
    }

    package func get(id: Int64) async throws -> HostServerGroup? {
        try await rows.row(id: id, as: HostServerGroupRow.self)?.group(box)
    }

    /// A page of groups whose display name holds `keyword` (any case), by id.
    package func list(keyword: String, page: Int, pageSize: Int) async throws -> Page<HostServerGroup> {
        let found = try await rows.page("display_name", keyword, page: page, pageSize: pageSize, as: HostServerGroupRow.self)
        return Page(items: try found.rows.map { try $0.group(box) }, total: found.total)
    }

    package func delete(id: Int64) async throws {
        try await rows.delete(id: id)
    }
}
