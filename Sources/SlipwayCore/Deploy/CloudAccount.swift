import Foundation

/// A cloud account deployments use (CODING CD): a Kubernetes cluster reached with a kubeconfig,
/// a service account or TKE, or a Tencent Cloud account. The credential's secrets (the
/// kubeconfig, the service account token, the secret key) are stored sealed and come back blank.
package struct CloudAccount: Sendable, Equatable {
    package enum Provider: String, Sendable, CaseIterable {
        case kubernetes = "KUBERNETES"
        case tencent = "TENCENT"
    }

    package var id: Int64
    package var name: String
    package var provider: Provider
    package var credential: CloudCredential
    package var createdBy: String
    package var updatedAt: EpochMillis

    package init(id: Int64 = 0, name: String, provider: Provider, credential: CloudCredential, createdBy: String, updatedAt: EpochMillis = .now()) {
        self.id = id
        self.name = name
        self.provider = provider
        self.credential = credential
        self.createdBy = createdBy
        self.updatedAt = updatedAt
    }

    /// What is wrong with the account as given, if anything.
    package var problem: String? {
        if name.isEmpty || name.count > 64 { return "Name must be 1 to 64 characters" }
        return credential.problem(for: provider)
    }
}

/// CODING's `Credential` document, every part kept as given.
package struct CloudCredential: Sendable, Equatable, Codable {
    package struct KubeConfig: Sendable, Equatable, Codable {
        /// The kubeconfig YAML, base64-encoded (a secret).
        package var kubeConfig: String = ""
        package var clusterContext: String = ""
        package var insecureSkipTLSVerify = false
        package var onlySpinnakerManaged = false

        package init() {}
    }

    package struct ServiceAccount: Sendable, Equatable, Codable {
        /// The service account token, base64-encoded (a secret).
        package var secret: String = ""
        package var server: String = ""
        package var insecureSkipTLSVerify = false
        package var onlySpinnakerManaged = false

        package init() {}
    }

    package struct TKEConfig: Sendable, Equatable, Codable {
        package var region: String = ""
        package var clusterID: String = ""
        package var namespaces: [String] = []
        package var onlySpinnakerManaged = false

        package init() {}
    }

    package struct TencentAccount: Sendable, Equatable, Codable {
        package var secretID: String = ""
        /// A secret.
        package var secretKey: String = ""
        package var regions: [String] = []

        package init() {}
    }

    /// `KUBE_CONFIG`, `SERVICE_ACCOUNT`, `TKE`, or `DEFAULT` (a Tencent account).
    package var kubernetesType: String = "DEFAULT"
    package var kubeConfig = KubeConfig()
    package var serviceAccount = ServiceAccount()
    package var tke = TKEConfig()
    package var tencent = TencentAccount()

    package init() {}

    package static let kubernetesTypes: Set<String> = ["KUBE_CONFIG", "SERVICE_ACCOUNT", "TKE"]
    /// The largest kubeconfig accepted (decoded).
    package static let maxKubeConfigBytes = 256 * 1024

    /// The credential with every secret blank: what answers show.
    package var blanked: CloudCredential {
        var copy = self
        copy.kubeConfig.kubeConfig = ""
        copy.serviceAccount.secret = ""
        copy.tencent.secretKey = ""
        return copy
    }

    /// This credential where the caller left secrets blank, with the secrets of `stored`: a
    /// modify that does not resend a secret keeps it.
    package func keepingSecrets(of stored: CloudCredential) -> CloudCredential {
        var copy = self
        if copy.kubeConfig.kubeConfig.isEmpty { copy.kubeConfig.kubeConfig = stored.kubeConfig.kubeConfig }
        if copy.serviceAccount.secret.isEmpty { copy.serviceAccount.secret = stored.serviceAccount.secret }
        if copy.tencent.secretKey.isEmpty { copy.tencent.secretKey = stored.tencent.secretKey }
        return copy
    }

    func problem(for provider: CloudAccount.Provider) -> String? {
        switch provider {
        case .tencent:
            if tencent.secretID.isEmpty || tencent.secretKey.isEmpty {
                return "a TENCENT account needs Credential.TencentCloudAccount.SecretId and SecretKey"
            }
            return nil
        case .kubernetes:
            switch kubernetesType {
            case "KUBE_CONFIG": return Self.kubeConfigProblem(kubeConfig.kubeConfig)
            case "SERVICE_ACCOUNT":
                guard !serviceAccount.secret.isEmpty, let url = URL(string: serviceAccount.server), url.scheme == "https" || url.scheme == "http",
                    url.host != nil
                else { return "a SERVICE_ACCOUNT credential needs Secret and an http(s) Server URL" }
                return nil
            case "TKE":
                return tke.region.isEmpty || tke.clusterID.isEmpty ? "a TKE credential needs Region and ClusterId" : nil
            default:
                return "Credential.KubernetesType must be KUBE_CONFIG, SERVICE_ACCOUNT or TKE"
            }
        }
    }

    /// A kubeconfig must be base64 of a bounded YAML mapping that names clusters.
    static func kubeConfigProblem(_ encoded: String) -> String? {
        guard encoded.utf8.count <= maxKubeConfigBytes * 4 / 3 + 4, let data = Data(base64Encoded: encoded), !data.isEmpty else {
            return "Credential.KubeConfig.KubeConfig must be a base64-encoded kubeconfig of at most 256 KiB"
        }
        guard let text = String(data: data, encoding: .utf8) else { return "the kubeconfig is not UTF-8 text" }
        do {
            guard case .object(let document) = try BoundedYAML(maxBytes: maxKubeConfigBytes).parse(text), document["clusters"] != nil else {
                return "the kubeconfig has no clusters"
            }
        } catch {
            return "the kubeconfig is not valid YAML: \(error)"
        }
        return nil
    }
}
