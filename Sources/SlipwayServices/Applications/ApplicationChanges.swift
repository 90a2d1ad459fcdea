import SlipwayCore

extension ServerlessApplication {
    /// Providers that mean "a repository hosted here".
    package static let hostedProviders: Set<String> = ["coding", "slipway", "internal"]

    /// A repository hosted here rather than at an external provider.
    package var isHosted: Bool { Self.hostedProviders.contains(provider) }
}

/// What an update changes; nil leaves a field as it is.
package struct ApplicationChanges: Sendable {
    package var description: String?
    package var triggerSpec: JSONValue?
    /// Secrets merged over the stored ones: a value replaces, nil removes.
    package var secrets: [String: String?]?
    /// Only for external repositories.
    package var repoURL: String?

    package init(description: String? = nil, triggerSpec: JSONValue? = nil, secrets: [String: String?]? = nil, repoURL: String? = nil) {
        self.description = description
        self.triggerSpec = triggerSpec
        self.secrets = secrets
        self.repoURL = repoURL
    }
}
