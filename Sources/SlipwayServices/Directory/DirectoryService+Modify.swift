import SlipwayCore
import SlipwayGit

extension DirectoryService {
    /// Writes a project's new settings. A new key renames it everywhere (rows follow through the
    /// foreign keys) and moves its repositories on disk; when the move fails, the old settings are
    /// written back, and a failed restore is logged and reported as an internal error.
    package func modifyProject(_ project: Project, to edited: Project) async throws {
        try await store.projects.modify(key: project.key, to: edited)
        guard edited.key != project.key else { return }
        do {
            try context.depots.git.moveNamespace(
                try context.depots.projectPath(project.key), to: try context.depots.projectPath(edited.key))
        } catch {
            do {
                try await store.projects.modify(key: edited.key, to: project)
            } catch let restore {
                context.logger.error(
                    "directory: restoring a project's key failed",
                    metadata: ["project": "\(project.key)", "cause": "\(error)", "error": "\(restore)"])
                throw SlipwayError.internalError("project \(project.key) could not be renamed, and restoring its key failed")
            }
            throw error
        }
    }
}
