import Foundation
import SlipwayCore

/// Job logs: each job's whole log, resumed after the last line printed when its stream breaks.
extension TaskFollower {
    /// One job's whole log, line by line, until the job ends. A stream that breaks, or that ends
    /// while the job has not (a server shutting down closes it), is resumed after the last line.
    func printLog(of job: String, task id: Int) async throws {
        let path = "/openapi/logs/sse/v4/workflow/\(workflow.urlSegment)/\(id)/\(job.urlSegment)/0"
        var lastLine = "0"
        var resumes = Resumes()
        while true {
            do {
                for try await line in try await api.events(path, lastEventID: lastLine) {
                    say("\(job) | \(line.data)")
                    lastLine = line.id ?? lastLine
                    resumes.delivered()
                }
                if try await hasEnded(job, task: id) { return }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Broken off (or refused while the server restarts): resumed below.
            }
            try await resumes.brokeOff()
        }
    }

    /// Whether the job (or its whole task) has ended, as stored.
    private func hasEnded(_ job: String, task id: Int) async throws -> Bool {
        let detail = try await detail(of: id)
        if Self.finished.contains(detail.status) { return true }
        let status = detail.stages.lazy.flatMap(\.jobs).first { $0.name == job }?.status ?? ""
        return Self.finished.contains(status) || ["skipped", "unstable"].contains(status)
    }

    /// Let the `count` log streams end with their jobs (each closes once its job's log is
    /// complete); give up on them after 30 seconds.
    func finish(_ logs: inout ThrowingTaskGroup<Void, any Error>, count: Int) async {
        struct Deadline: Error {}
        logs.addTask {
            try await Task.sleep(for: .seconds(30))
            throw Deadline()
        }
        var remaining = count
        while remaining > 0, let next = await logs.nextResult() {
            if case .failure(let error) = next, error is Deadline { break }
            remaining -= 1
        }
        logs.cancelAll()
    }
}
