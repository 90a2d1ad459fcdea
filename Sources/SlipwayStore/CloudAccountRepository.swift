import SQLKit
import SlipwayCore

struct CloudAccountRow: Codable {
    var id: Int64
    var name: String
    var provider: String
    var credential: String
    var createdBy: String
    var updatedAt: Int64

    /// The account, its credential opened with `box`.
    func account(_ box: SecretBox) throws -> CloudAccount {
        let credential = JSONColumn.decode(CloudCredential.self, from: try box.open(self.credential), default: CloudCredential())
        return CloudAccount(
            id: id, name: name, provider: CloudAccount.Provider(rawValue: provider) ?? .kubernetes, credential: credential,
            createdBy: createdBy, updatedAt: updatedAt)
    }
}

/// CODING CD cloud accounts. The credential document is stored sealed.
package struct CloudAccountRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox
    var rows: IdentifiedRows { IdentifiedRows(sql: sql, table: "cd_cloud_accounts", noun: "cloud account") }

    /// Store a new account; returns it with its id. A name already used is a conflict.
    package func create(_ account: CloudAccount) async throws -> CloudAccount {
        var stored = account
        stored.id = try await rows.insert(try columns(account), name: account.name)
        return stored
    }

    /// Replace cloud account `account.id`; not found when it is gone.
    package func update(_ account: CloudAccount) async throws {
        try await rows.update(id: account.id, try columns(account), name: account.name)
    }

    func columns(_ account: CloudAccount) throws -> [(String, any Encodable & Sendable)] {
        [
            ("name", account.name), ("provider", account.provider.rawValue),
            ("credential", try box.seal(JSONColumn.encode(account.credential))), ("created_by", account.createdBy),
            ("updated_at", account.updatedAt),
        ]
    }

    package func get(id: Int64) async throws -> CloudAccount? {
        try await rows.row(id: id, as: CloudAccountRow.self)?.account(box)
    }

    /// A page of accounts whose name holds `keyword` (any case), by id.
    package func list(keyword: String, page: Int, pageSize: Int) async throws -> Page<CloudAccount> {
        let found = try await rows.page("name", keyword, page: page, pageSize: pageSize, as: CloudAccountRow.self)
        return Page(items: try found.rows.map { try $0.account(box) }, total: found.total)
    }

    package func delete(id: Int64) async throws {
        try await rows.delete(id: id)
    }
}
