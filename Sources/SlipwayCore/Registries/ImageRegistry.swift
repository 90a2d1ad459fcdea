import Foundation

/// An image registry builds push their images to (Zadig's `/openapi/system/registry`): where it is
/// (`address` with its scheme), the provider, the namespace images go under, and the account
/// (`accessKey` the user, `secretKey` the password or token, sealed at rest, never answered).
/// One registry at most is the default: the one a build job without a chosen registry pushes to.
package struct ImageRegistry: Sendable, Equatable {
    /// The providers Zadig lists (`native` is any registry speaking the Docker Registry API).
    package enum Provider: String, Sendable, CaseIterable {
        case acr, tcr, swr, ecr, dockerhub, harbor, nexus, native
    }

    package var id: Int64
    package var address: String
    package var provider: Provider
    package var region: String
    package var namespace: String
    package var isDefault: Bool
    package var accessKey: String
    package var secretKey: String
    package var enableTLS: Bool
    /// PEM certificate(s) the registry's TLS certificate is checked against (with `enableTLS`).
    package var tlsCert: String
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package init(
        id: Int64 = 0, address: String, provider: Provider, region: String = "", namespace: String, isDefault: Bool = false,
        accessKey: String = "", secretKey: String = "", enableTLS: Bool = false, tlsCert: String = "", updatedBy: String = "",
        updatedAt: EpochMillis = .now()
    ) {
        self.id = id
        self.address = address
        self.provider = provider
        self.region = region
        self.namespace = namespace
        self.isDefault = isDefault
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.enableTLS = enableTLS
        self.tlsCert = tlsCert
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// The longest address, namespace, region and key accepted.
    package static let maximumFieldLength = 255
    /// The largest TLS certificate bundle accepted.
    package static let maximumCertificateBytes = 64 * 1024

    /// The registry's host (and port) as image references name it: the address without its
    /// scheme and trailing `/`.
    package var host: String {
        var text = address
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) { text = String(text.dropFirst(scheme.count)) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// True when the address asks for plain HTTP, or TLS is not checked (`enable_tls` off).
    package var skipsTLSVerification: Bool { address.lowercased().hasPrefix("http://") || !enableTLS }

    /// `host/namespace/name:tag`, the reference an image built for this registry is pushed as.
    package func imageReference(name: String, tag: String) -> String {
        "\(host)/\(namespace)/\(name):\(tag)"
    }

    /// Whether `text` (a run's `registry` input, as Zadig's `address/namespace`) names this registry.
    package func matches(_ text: String) -> Bool {
        let wanted = ImageRegistry(address: text, provider: provider, namespace: "").host
        return wanted == host || wanted == "\(host)/\(namespace)"
    }

    /// Checks a registry as given to create or update it; the first problem found.
    package func validate() throws(SlipwayError) {
        let lower = address.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw .invalidInput("address must start with http:// or https://")
        }
        let host = self.host
        guard !host.isEmpty, !host.contains("/"), host.utf8.count <= Self.maximumFieldLength,
            host.unicodeScalars.allSatisfy({ Self.isHostCharacter($0) })
        else { throw .invalidInput("address must be a scheme and a host[:port], e.g. https://registry.example.com") }
        guard !namespace.isEmpty else { throw .invalidInput("namespace is required") }
        guard namespace.utf8.count <= Self.maximumFieldLength, Self.isRepositoryPath(namespace) else {
            throw .invalidInput("namespace must be lowercase letters, digits and . _ - / (not starting or ending with a separator)")
        }
        if provider == .ecr, region.isEmpty { throw .invalidInput("region is required for ecr") }
        guard region.utf8.count <= Self.maximumFieldLength else { throw .invalidInput("region is too long") }
        guard !accessKey.isEmpty else { throw .invalidInput("access_key is required") }
        guard accessKey.utf8.count <= Self.maximumFieldLength, !accessKey.contains(":"), !accessKey.contains(where: \.isNewline) else {
            throw .invalidInput("access_key must be at most \(Self.maximumFieldLength) characters, without ':' or line breaks")
        }
        guard !secretKey.isEmpty else { throw .invalidInput("secret_key is required") }
        guard secretKey.utf8.count <= 4096 else { throw .invalidInput("secret_key must be at most 4096 bytes") }
        if enableTLS, lower.hasPrefix("https://"), tlsCert.isEmpty { throw .invalidInput("tls_cert is required when enable_tls is true") }
        guard tlsCert.utf8.count <= Self.maximumCertificateBytes else {
            throw .invalidInput("tls_cert must be at most \(Self.maximumCertificateBytes) bytes")
        }
        if !tlsCert.isEmpty, !tlsCert.contains("-----BEGIN CERTIFICATE-----") { throw .invalidInput("tls_cert must be a PEM certificate") }
    }

    static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || ".-:[]".unicodeScalars.contains(scalar)
    }

    /// An image repository path as references allow it: lowercase components joined by `/`.
    package static func isRepositoryPath(_ text: String) -> Bool {
        let components = text.split(separator: "/", omittingEmptySubsequences: false)
        return !components.isEmpty
            && components.allSatisfy { component in
                guard let first = component.unicodeScalars.first, let last = component.unicodeScalars.last else { return false }
                let separators = "._-".unicodeScalars
                return !separators.contains(first) && !separators.contains(last)
                    && component.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || separators.contains($0) }
            }
    }
}
