import Foundation
import SlipwayCore
import SlipwayStore

/// The depots `script` stages take their scripts from (`repoUrl`): depots hosted here, named by
/// their clone URL or `<project>/<depot>`. A pipeline names only existing depots when saved; when
/// triggered, each stage's depot must belong to the project that runs the application's pipelines
/// (the checkout is that project's), and its `repoBranch` (else the default branch) is resolved
/// to the commit the stage runs.
struct CdScriptRepositories {
    let context: ServiceContext

    /// What a trigger resolved for a repository `script` stage.
    struct Resolved {
        /// The hosted repository's directory on this server.
        var directory: String
        var commit: String
    }

    /// The depot `url` names, or nil when it names none here.
    func depot(_ url: String) async throws -> Depot? {
        guard let named = CdScriptStage.depot(of: url) else { return nil }
        if let team = named.team, team != context.depots.teamName { return nil }
        return try await context.store.depots.get(projectKey: named.project, name: named.depot)
    }

    /// Every repository of `pipeline` exists; `invalidInput` naming the field otherwise.
    func check(_ pipeline: CdPipelineDocument) async throws {
        for (path, url) in pipeline.scriptRepositories {
            if try await depot(url) == nil { throw SlipwayError.invalidInput("\(path): \(url.prefix(200)) names no depot hosted here") }
        }
    }

    /// For each repository `script` stage of `plan` (by stage index): its depot's directory and commit.
    func resolve(_ plan: CdPipelineWorkflow, projectKey: String) async throws -> [Int: Resolved] {
        var resolved: [Int: Resolved] = [:]
        for (index, stage) in plan.stages.enumerated() where stage["type"]?.string == "script" {
            guard let url = stage["repoUrl"]?.string, !url.isEmpty else { continue }
            let refID = stage["refId"]?.string ?? ""
            guard let depot = try await depot(url) else {
                throw SlipwayError.failedPrecondition("stage \(refID) runs a script of \(url.prefix(200)), which names no depot hosted here")
            }
            guard depot.projectKey == projectKey else {
                throw SlipwayError.failedPrecondition(
                    "stage \(refID) runs a script of depot \(depot.projectKey)/\(depot.name), which is not in project \(projectKey), where the pipeline runs")
            }
            let repository = try context.depots.repository(depot)
            var wanted = stage["repoBranch"]?.string ?? ""
            if wanted.isEmpty { wanted = try await repository.defaultBranch() ?? "" }
            let commit = try? await repository.resolveCommitIfPresent(wanted)
            guard !wanted.isEmpty, !wanted.hasPrefix("-"), let commit = commit ?? nil else {
                let problem = wanted.isEmpty ? "has no commit" : "has no branch, tag or commit \(wanted.prefix(100))"
                throw SlipwayError.failedPrecondition("stage \(refID): depot \(depot.projectKey)/\(depot.name) \(problem)")
            }
            resolved[index] = Resolved(directory: context.depots.git.directory(for: try context.depots.path(depot)), commit: commit)
        }
        return resolved
    }
}
