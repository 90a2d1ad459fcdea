import Foundation
import SlipwayCore

/// Whether a job's recorded process group may still be the job's, when a restarted server is
/// about to stop it (`TaskRunner.recoverInterruptedJobs`). A machine that booted after the job
/// started ran none of its processes any more, and by then the number may name another group:
/// only a group recorded in this boot is stopped. When the boot time cannot be read, nothing is
/// stopped (an orphan left running is the lesser harm than an unrelated group killed).
enum OrphanedGroup {
    /// Slack for the wall clock's steps between the boot and the job's start, in ms.
    static let clockSlack: Int64 = 5_000

    /// Whether a job started at `startedAt` (epoch ms) ran in the boot that began at `bootTime`
    /// (epoch seconds; nil: unknown).
    static func mayStillRun(startedAt: EpochMillis, bootTime: Int64?) -> Bool {
        guard let bootTime, startedAt > 0 else { return false }
        return bootTime * 1000 + clockSlack < startedAt
    }

    /// This boot's start, in epoch seconds (`btime` of /proc/stat); nil when unreadable.
    static func bootTime() -> Int64? {
        guard let stat = WholeFile.text(at: URL(fileURLWithPath: "/proc/stat")),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
        else { return nil }
        return Int64(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
    }
}
