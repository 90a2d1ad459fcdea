import SlipwayCore

/// Where a depot's repository lives on disk: `<root>/<team>/<project>/<depot>.git`.
///
/// The one place that builds a depot's repository path; every module asks it instead of
/// joining the team name, project key and depot name itself.
public struct DepotLayout: Sendable {
    /// The repositories under the storage root.
    public let git: GitRepositories
    /// The team segment of every path (CODING's team name, `slipway` by default).
    public let teamName: String

    public init(git: GitRepositories, teamName: String) {
        self.git = git
        self.teamName = teamName
    }

    /// The repository address of a depot.
    public func path(projectKey: String, depotName: String) throws -> RepositoryPath {
        try RepositoryPath("\(teamName)/\(projectKey)/\(depotName)")
    }

    /// The repository address of a depot.
    public func path(_ depot: Depot) throws -> RepositoryPath {
        try path(projectKey: depot.projectKey, depotName: depot.name)
    }

    /// The depot's repository (it must exist on disk).
    public func repository(_ depot: Depot) throws -> GitRepository {
        try git.repository(try path(depot))
    }

    /// The address of the namespace holding every depot of a project (`<team>/<project>`).
    public func projectPath(_ projectKey: String) throws -> RepositoryPath {
        try RepositoryPath("\(teamName)/\(projectKey)")
    }

    /// The directory holding every depot of a project.
    public func projectDirectory(_ projectKey: String) throws -> String {
        git.root + "/" + (try projectPath(projectKey)).description
    }
}
