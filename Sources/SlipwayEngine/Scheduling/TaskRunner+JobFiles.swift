import Foundation
import SlipwayCore

extension TaskRunner {
    /// Open the job's log and lay out a fresh job directory (workspace and outputs). nil when
    /// ready; otherwise why not, which the job records as its error instead of running.
    /// `keep`: a job taken up again after a restart keeps its directory.
    func prepareJobFiles(log key: LogKey, jobRoot: URL, workspace: URL, outputs: URL, keep: Bool = false) async -> String? {
        do {
            try await logs.begin(key)
            if !keep {
                try JobFiles.removeTree(jobRoot.path)
                try directories.make(jobRoot)
                return nil
            }
            // A job taken up again: its directories are there unless something removed them.
            for directory in [jobRoot, workspace, outputs] where mkdir(directory.path, 0o755) != 0 && errno != EEXIST {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            return nil
        } catch {
            return "could not prepare the job's log and workspace: \(error.localizedDescription)"
        }
    }

    /// Empty a finished job's directory for the next job, or remove it (`JobDirectories`); a
    /// failure is logged (the next run of the job starts from an empty directory anyway).
    func removeJobFiles(_ jobRoot: URL) {
        do {
            try directories.recycle(jobRoot)
        } catch {
            logger.warning("could not remove a job directory", metadata: ["path": "\(jobRoot.path)", "error": "\(error)"])
        }
    }

    /// The directory of the job named `name` of this task.
    func jobRoot(for name: String) -> URL {
        // Each component says it is a directory: otherwise Foundation stats the path to find out.
        configuration.dataDirectory.appendingPathComponent("workspaces", isDirectory: true)
            .appendingPathComponent(task.workflowKey, isDirectory: true).appendingPathComponent("\(task.taskID)-\(name)", isDirectory: true)
    }

    /// Whether a job that was running when the server stopped runs on an agent that may still
    /// run it: then it is taken up again instead of failing.
    func canReattach(_ name: String) async -> Bool {
        guard let agents = configuration.agentBackend as? AgentBackend else { return false }
        return await agents.canResume(jobDirectory: jobRoot(for: name))
    }

    /// A job asking for agent labels no online agent carries: the task's `pending_reason` and the
    /// job's log say so (it runs as soon as such an agent claims the job; the job's end clears
    /// it). Read when the job starts; true when a reason was recorded.
    func noteAgentWait(for context: JobContext) async -> Bool {
        let placement = context.plan.placement
        guard !placement.labels.isEmpty, let agents = configuration.agentBackend as? AgentBackend,
            let reason = await agents.waitingReason(labels: placement.labels)
        else { return false }
        task.pendingReason = reason
        await persist()
        await context.log(reason)
        return true
    }
}
