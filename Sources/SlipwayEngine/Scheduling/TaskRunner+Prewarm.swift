import Foundation
import SlipwayCore

/// Sandboxes made ahead of need: while a stage runs, the backend makes the next stage's.
extension TaskRunner {
    /// Job types whose executors start processes through the backend.
    static let prewarmedTypes: Set<JobType> = [.freestyle, .plugin, .serverlessPipeline]

    /// Ask the backend to make the sandboxes of stage `s`'s jobs that have not started and run on
    /// this server. A stage behind an approval waits for people, so nothing is made for it.
    func prewarm(stage s: Int) {
        guard let backend = executors.backend, task.stages.indices.contains(s), task.stages[s].approval == nil,
            !isCancelled
        else { return }
        for job in task.stages[s].jobs where job.status == .notStarted && Self.prewarmedTypes.contains(job.type) {
            guard !prewarmed.contains(job.name) else { continue }
            let placement: JobPlacement
            do {
                placement = try job.compiled().plan.placement
            } catch {
                // Nothing is made for it: the job fails with this error when it starts.
                continue
            }
            let root = jobRoot(for: job.name)
            do {
                try JobFiles.removeTree(root.path)
                try directories.make(root)
            } catch {
                continue  // The job lays its directory out when it starts, and says why it cannot.
            }
            if backend.prewarm(jobDirectory: root, placement: placement) {
                prewarmed.insert(job.name)
            } else {
                removeJobFiles(root)
            }
        }
    }

    /// End the sandboxes made for jobs that did not start (an earlier stage failed, the task was
    /// cancelled or the engine stops), and remove their directories.
    func discardPrewarmed() {
        guard let backend = executors.backend else { return }
        for name in prewarmed {
            let root = jobRoot(for: name)
            backend.discardPrewarmed(jobDirectory: root)
            removeJobFiles(root)
        }
        prewarmed = []
    }
}
