/// A team build template (团队构建模版): a Jenkinsfile and variables a CI job starts from
/// (CODING's CreateCodingCIJobByTeamTemplate). Team-wide, kept by administrators.
package struct CITemplate: Sendable, Equatable, Codable {
    package var id: Int64 = 0
    package var name: String
    package var description: String
    package var jenkinsfile: String
    /// Variables given to every job made from it; a sensitive one's `value` is empty here (kept sealed apart).
    package var env: [CIJob.Variable]
    package var createdBy: String = ""
    package var createdAt: Int64 = 0

    package init(name: String, description: String = "", jenkinsfile: String, env: [CIJob.Variable] = []) {
        self.name = name
        self.description = description
        self.jenkinsfile = jenkinsfile
        self.env = env
    }
}
