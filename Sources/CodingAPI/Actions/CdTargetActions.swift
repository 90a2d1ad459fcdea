import Foundation
import SlipwayCore
import SlipwayServices

/// CODING CD's deployment targets (§2.16 `cd.host`, `cd.cloud-account`): agent machines, host
/// server groups and cloud accounts, over `DeployTargetService` (team administrators only).
struct CdTargetActions: Sendable {
    func service(_ call: ActionCall) -> DeployTargetService { DeployTargetService(call.services.context) }

    // MARK: Agent machines

    @Sendable func describeCdAgentMachines(_ call: ActionCall) async throws -> any ActionOutput {
        let (number, size) = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let machines = try await service(call).agentMachines(by: call.user, keyword: try call.parameters.optionalString("Keyword") ?? "")
        let page = Array(machines.dropFirst((number - 1) * size).prefix(size))
        return AgentMachinesOutput(
            Data: .init(
                AgentMachines: page.map(AgentMachineDTO.init), PageNumber: number, PageSize: size,
                TotalPage: Self.pages(machines.count, size), TotalRow: machines.count))
    }

    // MARK: Host server groups

    @Sendable func createCdHostServerGroup(_ call: ActionCall) async throws -> any ActionOutput {
        let group = try await service(call).createHostGroup(try Self.hostGroup(call, id: 0), by: call.user)
        return HostServerGroupOutput(Data: .init(HostServerGroup: try await brief(group, call)))
    }

    @Sendable func modifyCdHostServerGroup(_ call: ActionCall) async throws -> any ActionOutput {
        let group = try await service(call).modifyHostGroup(try Self.hostGroup(call, id: try call.parameters.int("Id")), by: call.user)
        return HostServerGroupOutput(Data: .init(HostServerGroup: try await brief(group, call)))
    }

    @Sendable func describeCdHostServerGroup(_ call: ActionCall) async throws -> any ActionOutput {
        let group = try await service(call).hostGroup(try call.parameters.int("Id"), by: call.user)
        return HostServerGroupOutput(Data: .init(HostServerGroup: HostServerGroupDTO(group, machine: try await machine(group, call))))
    }

    @Sendable func describeCdHostServerGroups(_ call: ActionCall) async throws -> any ActionOutput {
        let (number, size) = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let keyword = try call.parameters.optionalString("Keyword") ?? ""
        let page = try await service(call).hostGroups(by: call.user, keyword: keyword, page: number, pageSize: size)
        let machines = try await service(call).agentMachines(by: call.user, keyword: "")
        let groups = page.items.map { group in
            HostServerGroupBriefDTO(group, machine: machines.first { $0.id == group.agentID } ?? Self.gone(group.agentID))
        }
        return HostServerGroupsOutput(
            Data: .init(
                HostServerGroups: groups, PageNumber: number, PageSize: size, TotalPage: Self.pages(page.total, size),
                TotalRow: page.total))
    }

    @Sendable func deleteCdHostServerGroup(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).deleteHostGroup(try call.parameters.int("Id"), by: call.user)
        return NoOutput()
    }

    /// The group the call describes (`Id` given separately).
    static func hostGroup(_ call: ActionCall, id: Int64) throws -> HostServerGroup {
        let p = call.parameters
        let method = try p.string("AuthMethod")
        guard let auth = HostServerGroup.AuthMethod(rawValue: method) else {
            throw CodingError.invalidValue("AuthMethod", "must be PUBLIC_KEY or PASSWORD")
        }
        let ips = try p.array("Ips").map { value -> String in
            guard case .string(let ip) = value else { throw CodingError.invalidParameter("Ips", "must be an array of strings") }
            return ip.trimmingCharacters(in: .whitespaces)
        }
        let labels: [HostServerGroup.Label]
        if p.value("Labels") == nil {
            labels = []
        } else {
            labels = try p.array("Labels").map { value in
                guard case .object(let label) = value, case .string(let key)? = label["Key"] else {
                    throw CodingError.invalidParameter("Labels", "must be an array of {Key, Value}")
                }
                return HostServerGroup.Label(key: key, value: label["Value"]?.string ?? "")
            }
        }
        let port = try p.int("Port")
        guard let portNumber = Int(exactly: port) else { throw CodingError.invalidValue("Port", "must be between 1 and 65535") }
        return HostServerGroup(
            id: id, agentID: try p.int("AgentMachineId"), displayName: try p.string("DisplayName"), authMethod: auth,
            userName: try p.string("UserName"), port: portNumber, ips: ips, labels: labels,
            password: try p.optionalString("Password") ?? "", createdBy: call.user.account)
    }

    func machine(_ group: HostServerGroup, _ call: ActionCall) async throws -> DeployTargetService.AgentMachine {
        try await service(call).agentMachines(by: call.user, keyword: "").first { $0.id == group.agentID } ?? Self.gone(group.agentID)
    }

    func brief(_ group: HostServerGroup, _ call: ActionCall) async throws -> HostServerGroupBriefDTO {
        HostServerGroupBriefDTO(group, machine: try await machine(group, call))
    }

    /// A group's machine that was removed or disabled since.
    static func gone(_ id: Int64) -> DeployTargetService.AgentMachine {
        DeployTargetService.AgentMachine(id: id, name: "", status: "OFFLINE")
    }

    static func pages(_ total: Int, _ size: Int) -> Int { size > 0 ? (total + size - 1) / size : 0 }

    // MARK: Cloud accounts

    @Sendable func createCdCloudAccount(_ call: ActionCall) async throws -> any ActionOutput {
        let raw = try call.parameters.string("CloudProvider")
        guard let provider = CloudAccount.Provider(rawValue: raw) else {
            throw CodingError.invalidValue("CloudProvider", "must be KUBERNETES or TENCENT")
        }
        let account = CloudAccount(
            name: try call.parameters.string("Name"), provider: provider, credential: try Self.credential(call),
            createdBy: call.user.account)
        return CloudAccountOutput(Data: .init(CloudAccount: CloudAccountDTO(try await service(call).createCloudAccount(account, by: call.user))))
    }

    @Sendable func modifyCdCloudAccount(_ call: ActionCall) async throws -> any ActionOutput {
        let account = try await service(call).modifyCloudAccount(
            try call.parameters.int("Id"), name: try call.parameters.string("Name"), credential: try Self.credential(call), by: call.user)
        return CloudAccountOutput(Data: .init(CloudAccount: CloudAccountDTO(account)))
    }

    @Sendable func deleteCdCloudAccount(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).deleteCloudAccount(try call.parameters.int("Id"), by: call.user)
        return NoOutput()
    }

    @Sendable func describeCdCloudAccounts(_ call: ActionCall) async throws -> any ActionOutput {
        let (number, size) = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let keyword = try call.parameters.optionalString("Keyword") ?? ""
        let page = try await service(call).cloudAccounts(by: call.user, keyword: keyword, page: number, pageSize: size)
        return CloudAccountsOutput(
            Data: .init(
                CloudAccounts: page.items.map(CloudAccountDTO.init), PageNumber: number, PageSize: String(size),
                TotalPage: String(Self.pages(page.total, size)), TotalRow: String(page.total)))
    }

    /// The `Credential` object of the call.
    static func credential(_ call: ActionCall) throws -> CloudCredential {
        guard let value = call.parameters.value("Credential") else { throw CodingError.missingParameter("Credential") }
        guard case .object = value else { throw CodingError.invalidParameter("Credential", "must be an object") }
        do {
            return try JSONDecoder().decode(CredentialDTO.self, from: JSONEncoder().encode(value)).credential
        } catch {
            throw CodingError.invalidParameter("Credential", "does not have the Credential shape: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "malformed" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.map(\.stringValue).joined(separator: ".") + " has the wrong type"
        @unknown default: return "malformed"
        }
    }
}
