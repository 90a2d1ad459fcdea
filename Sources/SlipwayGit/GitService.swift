/// The two smart-protocol services a git client asks for.
public enum GitService: String, Sendable, CaseIterable {
    /// Fetch/clone.
    case uploadPack = "git-upload-pack"
    /// Push.
    case receivePack = "git-receive-pack"

    /// Parses the `service` query parameter (`git-upload-pack` / `git-receive-pack`).
    public init?(serviceName: String) {
        self.init(rawValue: serviceName)
    }

    /// `Content-Type` of `GET info/refs?service=…`.
    public var advertisementContentType: String { "application/x-\(rawValue)-advertisement" }
    /// `Content-Type` a client sends with the POST.
    public var requestContentType: String { "application/x-\(rawValue)-request" }
    /// `Content-Type` of the POST response.
    public var resultContentType: String { "application/x-\(rawValue)-result" }
    /// Whether the request changes the repository (for the caller's permission check).
    public var isWrite: Bool { self == .receivePack }

    var subcommand: String { self == .uploadPack ? "upload-pack" : "receive-pack" }
}
