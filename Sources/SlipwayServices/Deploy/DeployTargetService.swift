import SlipwayCore
import SlipwayStore

/// Where CD deployments go (CODING CD's team-level resources): agent (bastion) machines, host
/// server groups reached over SSH, and cloud accounts. Team administrators manage and read them;
/// their secrets (passwords, kubeconfigs, keys) are stored sealed and never leave this service
/// except to a deployment.
package struct DeployTargetService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }

    /// The machine a group's deployments run from: agent `id`, or the server itself for 0.
    package struct AgentMachine: Sendable, Equatable {
        package var id: Int64
        package var name: String
        /// `SUCCESS` when it can deploy now (the server always can; an agent when it is online).
        package var status: String

        package init(id: Int64, name: String, status: String) {
            self.id = id
            self.name = name
            self.status = status
        }
    }

    /// The name the server goes by as a deploying machine (`AgentMachineId` 0).
    package static let serverMachineName = "slipway-server"

    func requireAdmin(_ caller: User) throws {
        guard caller.isAdmin else { throw SlipwayError.forbidden("only team administrators manage deployment targets") }
    }

    /// Every machine deployments can run from: the server, then each enabled agent; `keyword`
    /// filters by name.
    package func agentMachines(by caller: User, keyword: String) async throws -> [AgentMachine] {
        try requireAdmin(caller)
        let agents = try await AgentService(context).list(by: caller).filter(\.agent.enabled)
        let machines =
            [AgentMachine(id: 0, name: Self.serverMachineName, status: "SUCCESS")]
            + agents.map { AgentMachine(id: $0.agent.id, name: $0.agent.name, status: $0.online ? "SUCCESS" : "OFFLINE") }
        return keyword.isEmpty ? machines : machines.filter { $0.name.lowercased().contains(keyword.lowercased()) }
    }

    /// The machine `id`; not found for an unknown or disabled agent.
    package func agentMachine(_ id: Int64, by caller: User) async throws -> AgentMachine {
        guard let machine = try await agentMachines(by: caller, keyword: "").first(where: { $0.id == id }) else {
            throw SlipwayError.notFound("agent machine \(id) not found")
        }
        return machine
    }

    // MARK: Host server groups

    /// Create a group; a `PASSWORD` group needs its password.
    package func createHostGroup(_ group: HostServerGroup, by caller: User) async throws -> HostServerGroup {
        try requireAdmin(caller)
        var group = group
        group.createdBy = caller.account
        if group.authMethod == .publicKey { group.password = "" }
        try await validate(group, by: caller)
        return try await store.hostServerGroups.create(group)
    }

    /// Replace group `group.id`. A `PASSWORD` group that sends no password keeps its stored one.
    package func modifyHostGroup(_ group: HostServerGroup, by caller: User) async throws -> HostServerGroup {
        let stored = try await hostGroup(group.id, by: caller)
        var group = group
        group.createdBy = stored.createdBy
        group.updatedAt = .now()
        if group.authMethod == .publicKey {
            group.password = ""
        } else if group.password.isEmpty {
            group.password = stored.password
        }
        try await validate(group, by: caller)
        try await store.hostServerGroups.update(group)
        return group
    }

    func validate(_ group: HostServerGroup, by caller: User) async throws {
        if let problem = group.problem { throw SlipwayError.invalidInput(problem) }
        _ = try await agentMachine(group.agentID, by: caller)
    }

    package func hostGroup(_ id: Int64, by caller: User) async throws -> HostServerGroup {
        try requireAdmin(caller)
        guard let group = try await store.hostServerGroups.get(id: id) else { throw SlipwayError.notFound("host server group \(id) not found") }
        return group
    }

    package func hostGroups(by caller: User, keyword: String, page: Int, pageSize: Int) async throws -> Page<HostServerGroup> {
        try requireAdmin(caller)
        return try await store.hostServerGroups.list(keyword: keyword, page: page, pageSize: pageSize)
    }

    package func deleteHostGroup(_ id: Int64, by caller: User) async throws {
        try requireAdmin(caller)
        try await store.hostServerGroups.delete(id: id)
    }

    // MARK: Cloud accounts

    package func createCloudAccount(_ account: CloudAccount, by caller: User) async throws -> CloudAccount {
        try requireAdmin(caller)
        var account = account
        account.createdBy = caller.account
        if let problem = account.problem { throw SlipwayError.invalidInput(problem) }
        return try await store.cloudAccounts.create(account)
    }

    /// Rename account `id` or change its credential; secrets left blank keep their stored values.
    package func modifyCloudAccount(_ id: Int64, name: String, credential: CloudCredential, by caller: User) async throws -> CloudAccount {
        try requireAdmin(caller)
        guard var account = try await store.cloudAccounts.get(id: id) else { throw SlipwayError.notFound("cloud account \(id) not found") }
        account.name = name
        account.credential = credential.keepingSecrets(of: account.credential)
        account.updatedAt = .now()
        if let problem = account.problem { throw SlipwayError.invalidInput(problem) }
        try await store.cloudAccounts.update(account)
        return account
    }

    package func cloudAccounts(by caller: User, keyword: String, page: Int, pageSize: Int) async throws -> Page<CloudAccount> {
        try requireAdmin(caller)
        return try await store.cloudAccounts.list(keyword: keyword, page: page, pageSize: pageSize)
    }

    package func deleteCloudAccount(_ id: Int64, by caller: User) async throws {
        try requireAdmin(caller)
        try await store.cloudAccounts.delete(id: id)
    }
}
