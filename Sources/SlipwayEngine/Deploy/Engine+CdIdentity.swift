extension Engine {
    /// The key CD deployments log in to host server groups with (its public half is what
    /// `PUBLIC_KEY` groups authorize), and the host keys they have seen.
    package nonisolated var cdIdentity: CdSSHIdentity { CdSSHIdentity(dataDirectory: configuration.dataDirectory) }
}
