import SlipwayCore
import SlipwayServices

/// `AgentMachine{Id, Name, Status}`.
struct AgentMachineDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var Status: String

    init(_ machine: DeployTargetService.AgentMachine) {
        Id = machine.id
        Name = machine.name
        Status = machine.status
    }
}

struct LabelDTO: Codable, Sendable {
    var Key: String
    var Value: String
}

/// A host server group, as DescribeCdHostServerGroup shows it (the password never).
struct HostServerGroupDTO: Encodable, Sendable {
    var Account: String
    var AgentMachine: AgentMachineDTO
    var AuthMethod: String
    var DisplayName: String
    var Id: Int64
    var Ips: [String]
    var Labels: [LabelDTO]
    var Port: Int
    var UserName: String

    init(_ group: HostServerGroup, machine: DeployTargetService.AgentMachine) {
        Account = group.account
        AgentMachine = AgentMachineDTO(machine)
        AuthMethod = group.authMethod.rawValue
        DisplayName = group.displayName
        Id = group.id
        Ips = group.ips
        Labels = group.labels.map { LabelDTO(Key: $0.key, Value: $0.value) }
        Port = group.port
        UserName = group.userName
    }
}

/// The short form lists and writes answer with: `{Account, AgentMachine, DisplayName, Id}`.
struct HostServerGroupBriefDTO: Encodable, Sendable {
    var Account: String
    var AgentMachine: AgentMachineDTO
    var DisplayName: String
    var Id: Int64

    init(_ group: HostServerGroup, machine: DeployTargetService.AgentMachine) {
        Account = group.account
        AgentMachine = AgentMachineDTO(machine)
        DisplayName = group.displayName
        Id = group.id
    }
}

struct HostServerGroupOutput<Group: Encodable & Sendable>: ActionOutput {
    struct Body: Encodable, Sendable { var HostServerGroup: Group }
    var Data: Body
}

struct HostServerGroupsOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var HostServerGroups: [HostServerGroupBriefDTO]
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
    }
    var Data: Body
}

struct AgentMachinesOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var AgentMachines: [AgentMachineDTO]
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
    }
    var Data: Body
}

/// CODING's `Credential` document, both ways: requests send it, answers show it with its
/// secrets blank. The request names the TKE part `TKEConfig` (older clients `TkeConfig`).
struct CredentialDTO: Codable, Sendable {
    struct KubeConfigPart: Codable, Sendable {
        var KubeConfig: String?
        var ClusterContext: String?
        var InsecureSkipTLSVerify: Bool?
        var OnlySpinnakerManaged: Bool?
    }

    struct ServiceAccountPart: Codable, Sendable {
        var Secret: String?
        var Server: String?
        var InsecureSkipTLSVerify: Bool?
        var OnlySpinnakerManaged: Bool?
    }

    struct TKEPart: Codable, Sendable {
        var Region: String?
        var ClusterId: String?
        var Namespaces: [String]?
        var OnlySpinnakerManaged: Bool?
    }

    struct TencentPart: Codable, Sendable {
        var SecretId: String?
        var SecretKey: String?
        var Regions: [String]?
    }

    var KubernetesType: String?
    var KubeConfig: KubeConfigPart?
    var ServiceAccount: ServiceAccountPart?
    var TKEConfig: TKEPart?
    var TkeConfig: TKEPart?
    var TencentCloudAccount: TencentPart?

    enum CodingKeys: String, CodingKey {
        case KubernetesType, KubeConfig, ServiceAccount, TKEConfig, TkeConfig, TencentCloudAccount
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(KubernetesType, forKey: .KubernetesType)
        try container.encode(KubeConfig, forKey: .KubeConfig)
        try container.encode(ServiceAccount, forKey: .ServiceAccount)
        try container.encode(TKEConfig, forKey: .TKEConfig)
        try container.encode(TencentCloudAccount, forKey: .TencentCloudAccount)
    }

    /// What the caller sent, as the domain's credential.
    var credential: CloudCredential {
        var credential = CloudCredential()
        credential.kubernetesType = KubernetesType ?? "DEFAULT"
        credential.kubeConfig.kubeConfig = KubeConfig?.KubeConfig ?? ""
        credential.kubeConfig.clusterContext = KubeConfig?.ClusterContext ?? ""
        credential.kubeConfig.insecureSkipTLSVerify = KubeConfig?.InsecureSkipTLSVerify ?? false
        credential.kubeConfig.onlySpinnakerManaged = KubeConfig?.OnlySpinnakerManaged ?? false
        credential.serviceAccount.secret = ServiceAccount?.Secret ?? ""
        credential.serviceAccount.server = ServiceAccount?.Server ?? ""
        credential.serviceAccount.insecureSkipTLSVerify = ServiceAccount?.InsecureSkipTLSVerify ?? false
        credential.serviceAccount.onlySpinnakerManaged = ServiceAccount?.OnlySpinnakerManaged ?? false
        let tke = TKEConfig ?? TkeConfig
        credential.tke.region = tke?.Region ?? ""
        credential.tke.clusterID = tke?.ClusterId ?? ""
        credential.tke.namespaces = tke?.Namespaces ?? []
        credential.tke.onlySpinnakerManaged = tke?.OnlySpinnakerManaged ?? false
        credential.tencent.secretID = TencentCloudAccount?.SecretId ?? ""
        credential.tencent.secretKey = TencentCloudAccount?.SecretKey ?? ""
        credential.tencent.regions = TencentCloudAccount?.Regions ?? []
        return credential
    }

    /// The credential as answers show it: every secret blank.
    init(blanking credential: CloudCredential) {
        let shown = credential.blanked
        KubernetesType = shown.kubernetesType
        KubeConfig = KubeConfigPart(
            KubeConfig: shown.kubeConfig.kubeConfig, ClusterContext: shown.kubeConfig.clusterContext,
            InsecureSkipTLSVerify: shown.kubeConfig.insecureSkipTLSVerify, OnlySpinnakerManaged: shown.kubeConfig.onlySpinnakerManaged)
        ServiceAccount = ServiceAccountPart(
            Secret: shown.serviceAccount.secret, Server: shown.serviceAccount.server,
            InsecureSkipTLSVerify: shown.serviceAccount.insecureSkipTLSVerify,
            OnlySpinnakerManaged: shown.serviceAccount.onlySpinnakerManaged)
        TKEConfig = TKEPart(
            Region: shown.tke.region, ClusterId: shown.tke.clusterID, Namespaces: shown.tke.namespaces,
            OnlySpinnakerManaged: shown.tke.onlySpinnakerManaged)
        TencentCloudAccount = TencentPart(SecretId: shown.tencent.secretID, SecretKey: shown.tencent.secretKey, Regions: shown.tencent.regions)
    }
}

/// `{Id, Name, CloudProvider, Credential (secrets blank), Status, ErrorMessage}`.
struct CloudAccountDTO: Encodable, Sendable {
    var CloudProvider: String
    var Credential: CredentialDTO
    var ErrorMessage: String
    var Id: Int64
    var Name: String
    var Status: String

    init(_ account: CloudAccount) {
        CloudProvider = account.provider.rawValue
        Credential = CredentialDTO(blanking: account.credential)
        ErrorMessage = ""
        Id = account.id
        Name = account.name
        Status = "SUCCESS"
    }
}

struct CloudAccountOutput: ActionOutput {
    struct Body: Encodable, Sendable { var CloudAccount: CloudAccountDTO }
    var Data: Body
}

/// The vendor spec types this list's `PageSize`, `TotalPage` and `TotalRow` as strings.
struct CloudAccountsOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var CloudAccounts: [CloudAccountDTO]
        var PageNumber: Int
        var PageSize: String
        var TotalPage: String
        var TotalRow: String
    }
    var Data: Body
}

/// DescribeAgentSecret → `Data.Secret`, the install secret new agents enroll with.
struct AgentSecretOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Secret: String
    }
    var Data: Body
}
