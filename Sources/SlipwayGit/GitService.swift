/// The two smart-protocol services a git client asks for.
package enum GitService: String, Sendable, CaseIterable {
    /// Fetch/clone.
    case uploadPack = "git-upload-pack"
    /// Push.
    case receivePack = "git-receive-pack"

    /// Parses the `service` query parameter (`git-upload-pack` / `git-receive-pack`).
    package init?(serviceName: String) {
        self.init(rawValue: serviceName)
    }

    /// `Content-Type` of `GET info/refs?service=…`.
    package var advertisementContentType: String { "application/x-\(rawValue)-advertisement" }
    /// `Content-Type` a client sends with the POST.
    package var requestContentType: String { "application/x-\(rawValue)-request" }
    /// `Content-Type` of the POST response.
    package var resultContentType: String { "application/x-\(rawValue)-result" }
    /// Whether the request changes the repository (for the caller's permission check).
    package var isWrite: Bool { self == .receivePack }

    var subcommand: String { self == .uploadPack ? "upload-pack" : "receive-pack" }
}
