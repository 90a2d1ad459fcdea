/// Settings of the CODING dialect.
package struct CodingConfiguration: Sendable {
    /// The single team this server hosts: the first segment of every clone URL
    /// (`/<team>/<project>/<depot>.git`) and what `TeamGk` must name.
    package var teamName: String
    /// Branch HEAD points at in a new depot.
    package var defaultBranch: String
    /// Base URL for clone/web URLs (`https://git.example.com`). When nil, URLs are built from the
    /// request's `Host` header (and `X-Forwarded-Proto`, default `http`), so they work as called.
    package var externalURL: String?

    package init(teamName: String = "slipway", defaultBranch: String = "master", externalURL: String? = nil) {
        self.teamName = teamName
        self.defaultBranch = defaultBranch
        self.externalURL = externalURL
    }
}
