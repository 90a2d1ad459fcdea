import Foundation
import Testing

@testable import SlipwayEngine

/// A restarted server stops a job's recorded process group only when the job ran in this boot:
/// after a reboot the number may name an unrelated group.
@Suite struct OrphanedGroupTests {
    @Test func onlyAGroupRecordedInThisBootIsStopped() {
        let boot: Int64 = 1_800_000_000
        #expect(OrphanedGroup.mayStillRun(startedAt: (boot + 60) * 1000, bootTime: boot), "started a minute after the boot")
        #expect(!OrphanedGroup.mayStillRun(startedAt: (boot - 3600) * 1000, bootTime: boot), "started before a reboot")
        #expect(!OrphanedGroup.mayStillRun(startedAt: boot * 1000 + 1000, bootTime: boot), "within the clock's slack of the boot")
        #expect(!OrphanedGroup.mayStillRun(startedAt: (boot + 60) * 1000, bootTime: nil), "the boot time unknown")
        #expect(!OrphanedGroup.mayStillRun(startedAt: 0, bootTime: boot), "never started")
    }

    @Test func thisBootsStartIsRead() throws {
        let boot = try #require(OrphanedGroup.bootTime())
        let now = Int64(Date().timeIntervalSince1970)
        #expect(boot > 1_000_000_000 && boot <= now)
        #expect(OrphanedGroup.mayStillRun(startedAt: now * 1000, bootTime: boot), "a job started now runs in this boot (up for more than the slack)")
    }
}
