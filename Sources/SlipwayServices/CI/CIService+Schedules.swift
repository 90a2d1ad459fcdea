import Foundation
import SlipwayCore

extension CIService {
    /// Start the builds whose `CRON` rules fire at `date` (its minute, in the server's time
    /// zone), as their job's creator. A rule with `RefChangeTrigger` false skips a branch whose
    /// head was already built. Returns the builds started.
    @discardableResult
    package func fireSchedules(at date: Date) async -> [CIBuildState] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays run 1 (Sunday) … 7 (Saturday); CODING's from 1 (Monday) to 7 (Sunday).
        let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
        let moment = CIJob.Schedule.Moment(weekday: weekday, hour: parts.hour ?? 0, minute: parts.minute ?? 0)
        var started: [CIBuildState] = []
        let jobs: [CIJob]
        do { jobs = try await store.ci.scheduledJobs() } catch {
            context.logger.warning("CI schedules: cannot read the jobs", metadata: ["error": "\(error)"])
            return []
        }
        for job in jobs where job.triggerMethods.contains("CRON") {
            for schedule in job.schedules where schedule.fires(at: moment) {
                do {
                    if let build = try await fire(schedule, of: job) { started.append(build) }
                } catch {
                    context.logger.warning("CI schedule did not start a build", metadata: ["job": "\(job.id)", "error": "\(error)"])
                }
            }
        }
        return started
    }

    func fire(_ schedule: CIJob.Schedule, of job: CIJob) async throws -> CIBuildState? {
        guard let creator = try await store.users.find(uid: job.creatorUID) else { return nil }
        let branch = schedule.branch.isEmpty ? nil : schedule.branch
        if !schedule.refChangeTrigger, job.depotID > 0, let depot = try await store.depots.get(id: job.depotID) {
            let repository = try context.depots.repository(depot)
            var wanted = branch ?? ""
            if wanted.isEmpty { wanted = try await repository.defaultBranch() ?? "" }
            let head = try await repository.resolveCommitIfPresent(wanted)
            let last = try await store.ci.builds(jobID: job.id, page: 1, pageSize: 20).builds.first { $0.branch == wanted }
            if let head, last?.commit == head { return nil }
        }
        return try await trigger(jobID: job.id, revision: branch, params: [], by: creator, method: "CRON", cause: "triggered by schedule")
    }

    /// Fire the schedules at the start of every minute until the calling task is cancelled.
    package func runSchedules() async {
        while !Task.isCancelled {
            let now = Date().timeIntervalSince1970
            let next = (now / 60).rounded(.down) * 60 + 60
            do { try await Task.sleep(for: .seconds(next - now)) } catch { return }
            await fireSchedules(at: Date(timeIntervalSince1970: next + 0.5))
        }
    }
}
