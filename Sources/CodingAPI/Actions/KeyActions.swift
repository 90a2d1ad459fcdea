import Foundation
import SlipwayCore

/// SSH keys of users and deploy keys of depots (CODING §2.7). Stored and fingerprinted only:
/// Slipway has no SSH transport yet.
struct KeyActions: Sendable {
    @Sendable func createSshKey(_ call: ActionCall) async throws -> any ActionOutput {
        let key = try await store(call, owner: call.user, depotID: 0, allowWrite: false)
        return SshKeyOutput(SshKeyInfo: try await sshDTOs([key], call)[0])
    }

    @Sendable func describeSshKey(_ call: ActionCall) async throws -> any ActionOutput {
        try await describe(call, owner: call.user)
    }

    @Sendable func deleteSshKey(_ call: ActionCall) async throws -> any ActionOutput {
        try await call.store.publicKeys.delete(id: try call.parameters.int("SshKeyId"), ownerUID: call.user.uid, depotID: 0)
        return NoOutput()
    }

    /// The *Member* variants act on `MemberUserId`'s keys and need a team (system) admin.
    @Sendable func createMemberSshKey(_ call: ActionCall) async throws -> any ActionOutput {
        let owner = try await member(call)
        let key = try await store(call, owner: owner, depotID: 0, allowWrite: false)
        return SshKeyOutput(SshKeyInfo: try await sshDTOs([key], call)[0])
    }

    @Sendable func describeMemberSshKey(_ call: ActionCall) async throws -> any ActionOutput {
        try await describe(call, owner: try await member(call))
    }

    @Sendable func deleteMemberSshKey(_ call: ActionCall) async throws -> any ActionOutput {
        let owner = try await member(call)
        try await call.store.publicKeys.delete(id: try call.parameters.int("SshKeyId"), ownerUID: owner.uid, depotID: 0)
        return NoOutput()
    }

    @Sendable func createGitDeployKey(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .administer)
        _ = try await store(call, owner: call.user, depotID: depot.id, allowWrite: try call.parameters.optionalBool("AllowWrite") ?? false)
        return NoOutput()
    }

    @Sendable func describeGitDepotDeployKeys(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .read)
        return DeployKeysOutput(Keys: try await deployDTOs(try await call.store.publicKeys.deployKeys(depotIDs: [depot.id]), call))
    }

    @Sendable func describeGitProjectDeployKeys(_ call: ActionCall) async throws -> any ActionOutput {
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .read)
        let depots = try await call.store.depots.list(projectKey: project.key).map(\.id)
        return DeployKeysOutput(Keys: try await deployDTOs(try await call.store.publicKeys.deployKeys(depotIDs: depots), call))
    }

    @Sendable func deleteGitDeployKey(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .administer)
        try await call.store.publicKeys.delete(id: try call.parameters.int("DeployKeyId"), depotID: depot.id)
        return NoOutput()
    }

    // MARK: Shared

    func store(_ call: ActionCall, owner: User, depotID: Int64, allowWrite: Bool) async throws -> PublicKey {
        let title = try call.parameters.string("Title")
        let parsed = try SSHPublicKey(parsing: try call.parameters.string("Content"))
        return try await call.store.publicKeys.create(
            PublicKey(
                ownerUID: owner.uid, depotID: depotID, title: title, content: parsed.normalized,
                fingerprint: parsed.sha256Fingerprint, md5Fingerprint: parsed.md5Fingerprint, allowWrite: allowWrite,
                expirationDate: try expiration(call)))
    }

    func describe(_ call: ActionCall, owner: User) async throws -> any ActionOutput {
        var keys = try await call.store.publicKeys.userKeys(ownerUID: owner.uid)
        if let id = try call.parameters.optionalInt("SshKeyId"), id != 0 { keys = keys.filter { $0.id == id } }
        return SshKeysOutput(SshKeyInfos: try await sshDTOs(keys, call))
    }

    /// `MemberUserId` (numeric), after checking the caller is a team admin.
    func member(_ call: ActionCall) async throws -> User {
        guard call.user.isAdmin else { throw SlipwayError.forbidden("only team admins manage members' keys") }
        let id = try call.parameters.int("MemberUserId")
        let users = try await call.store.users.list(keyword: nil, page: 1, pageSize: 100_000).items
        let ids = try await call.store.numericIDs.userIDs(uids: users.map(\.uid))
        guard let user = users.first(where: { ids[$0.uid] == id }) else { throw SlipwayError.notFound("user \(id) not found") }
        return user
    }

    /// `ExpirationDate` `yyyy-MM-dd`; absent, empty or 9999-12-31 = never (stored as "").
    func expiration(_ call: ActionCall) throws -> String {
        guard let raw = try call.parameters.optionalString("ExpirationDate"), !raw.isEmpty, raw != "9999-12-31" else { return "" }
        guard try call.parameters.optionalDate("ExpirationDate") != nil, raw.count == 10 else {
            throw CodingError.invalidValue("ExpirationDate", "must be yyyy-MM-dd")
        }
        return raw
    }

    static func hasExpired(_ date: String) -> Bool {
        guard !date.isEmpty else { return false }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return date < f.string(from: Date())
    }

    func sshDTOs(_ keys: [PublicKey], _ call: ActionCall) async throws -> [SshKeyInfoDTO] {
        let ids = try await call.store.numericIDs.userIDs(uids: keys.map(\.ownerUID))
        return keys.map {
            SshKeyInfoDTO(
                Id: $0.id, OwnerId: ids[$0.ownerUID] ?? 0, Title: $0.title, FingerPrint: $0.md5Fingerprint,
                FingerPrintSha256: $0.fingerprint, CreatedAt: $0.createdAt,
                ExpirationDate: $0.expirationDate.isEmpty ? "9999-12-31" : $0.expirationDate,
                HasExpired: Self.hasExpired($0.expirationDate))
        }
    }

    func deployDTOs(_ keys: [PublicKey], _ call: ActionCall) async throws -> [DeployKeyDTO] {
        let users = try await call.codingUsers(keys.map(\.ownerUID))
        return keys.map {
            DeployKeyDTO(
                KeyId: $0.id, DepotId: $0.depotID, OwnerName: users[$0.ownerUID]?.GlobalKey ?? "", Title: $0.title,
                FingerPrint: $0.md5Fingerprint, FingerPrintSha256: $0.fingerprint, CreatedAt: $0.createdAt,
                ExpirationDate: $0.expirationDate.isEmpty ? "9999-12-31" : $0.expirationDate,
                HasExpired: Self.hasExpired($0.expirationDate), AllowWrite: $0.allowWrite)
        }
    }
}
