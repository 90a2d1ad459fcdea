import SlipwayCore

/// Where a depot's repository lives on disk: `<root>/<team>/<project>/<depot>.git`.
///
/// The one place that builds a depot's repository path; every module asks it instead of
/// joining the team name, project key and depot name itself.
package struct DepotLayout: Sendable {
    /// The repositories under the storage root.
    package let git: GitRepositories
    /// The team segment of every path (CODING's team name, `slipway` by default).
    package let teamName: String

    package init(git: GitRepositories, teamName: String) {
        self.git = git
        self.teamName = teamName
    }

    /// The repository address of a depot.
    package func path(projectKey: String, depotName: String) throws -> RepositoryPath {
        try RepositoryPath("\(teamName)/\(projectKey)/\(depotName)")
    }

    /// The repository address of a depot.
    package func path(_ depot: Depot) throws -> RepositoryPath {
        try path(projectKey: depot.projectKey, depotName: depot.name)
    }

    /// The depot's repository (it must exist on disk).
    package func repository(_ depot: Depot) throws -> GitRepository {
        try git.repository(try path(depot))
    }

    /// The address of the namespace holding every depot of a project (`<team>/<project>`).
    package func projectPath(_ projectKey: String) throws -> RepositoryPath {
        try RepositoryPath("\(teamName)/\(projectKey)")
    }

    /// The directory holding every depot of a project.
    package func projectDirectory(_ projectKey: String) throws -> String {
        git.root + "/" + (try projectPath(projectKey)).description
    }
}
