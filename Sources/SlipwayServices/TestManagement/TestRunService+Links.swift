import SlipwayCore
import SlipwayStore

/// A test plan's iteration and release: the iteration must be one of the project's, the release
/// one of the plan's repository (a plan whose repository changes loses a release of the old one).
extension TestRunService {
    func link(_ input: Input, to run: inout TestRun) async throws {
        if let code = input.iterationCode {
            if code == 0 {
                run.iterationID = 0
            } else {
                guard let iteration = try await store.iterations.get(projectKey: run.projectKey, code: code) else {
                    throw SlipwayError.invalidInput("IterationCode \(code) is not an iteration of project \(run.projectKey)")
                }
                run.iterationID = iteration.id
            }
        }
        if let releaseID = input.gitReleaseID, releaseID != 0 {
            guard run.gitDepotID > 0, let release = try await store.gitReleases.get(id: releaseID), release.depotID == run.gitDepotID else {
                throw SlipwayError.invalidInput("GitReleaseId \(releaseID) is not a release of the plan's repository (GitDepotId)")
            }
            run.gitReleaseID = releaseID
        } else if input.gitReleaseID == 0 {
            run.gitReleaseID = 0
        } else if run.gitReleaseID > 0, try await store.gitReleases.get(id: run.gitReleaseID)?.depotID != run.gitDepotID {
            run.gitReleaseID = 0
        }
    }
}
