import Foundation
import SlipwayCore
import SlipwayServices
import Testing

/// CODING CI `CRON` rules: a rule fires at its minute and starts a build of its branch, once per
/// head unless `RefChangeTrigger`; rules that cannot fire are refused when the job is saved.
@Suite struct CIScheduleTests {
    /// A local time on Wednesday 2 December 2026.
    static func wednesday(_ hour: Int, _ minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar.date(from: DateComponents(year: 2026, month: 12, day: 2, hour: hour, minute: minute, second: 1))!
    }

    static func cronBody(_ w: Workspace, schedules: String) -> String {
        CIFixture.createBody(w, name: "nightly", extra: #","ScheduleList":\#(schedules)"#)
            .replacingOccurrences(of: #""TriggerMethodList":["REF_CHANGE"]"#, with: #""TriggerMethodList":["CRON"]"#)
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aScheduleFiresAtItsMinuteOncePerHead(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await w.commit("a.txt", "1\n", "first")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let schedule =
                    #"[{"Branch":"master","Weekend":"1,2,3,4,5","Repeat":false,"StartTime":"9:30","EndTime":"","Interval":"","RefChangeTrigger":false}]"#
                let created = try await h.action("CreateCodingCIJob", Self.cronBody(w, schedules: schedule))
                let jobID = try #require(created.response["Data"]["Id"].int, "\(created.text)")
                let f = CIFixture(h: h, w: w, jobID: Int64(jobID))
                let service = CIService(h.context)

                #expect(await service.fireSchedules(at: Self.wednesday(9, 29)).isEmpty)
                let fired = await service.fireSchedules(at: Self.wednesday(9, 30))
                #expect(fired.count == 1 && fired.first?.build.triggerMethod == "CRON" && fired.first?.build.branch == "master")
                let buildID = try #require(fired.first?.build.id)
                let build = try await f.finished(buildID)
                let firstHead = try await w.rev("HEAD")
                #expect(build["Status"].string == "SUCCEED" && build["CommitId"].string == firstHead, "\(build)")
                // The head was built: the rule skips it until the branch moves.
                #expect(await service.fireSchedules(at: Self.wednesday(9, 30)).isEmpty)
                try await w.commit("b.txt", "2\n", "second")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let again = await service.fireSchedules(at: Self.wednesday(9, 30))
                let secondHead = try await w.rev("HEAD")
                #expect(again.count == 1 && again.first?.build.commit == secondHead)
                if let id = again.first?.build.id { _ = try await f.finished(id) }
                // Not on a Sunday (weekday 7 is not listed).
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .current
                let sunday = calendar.date(from: DateComponents(year: 2026, month: 12, day: 6, hour: 9, minute: 30))!
                try await w.commit("c.txt", "3\n", "third")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                #expect(await service.fireSchedules(at: sunday).isEmpty)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func schedulesThatCannotFireAreRefused(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let bad = [
                    #"[{"Branch":"master","Weekend":"1","Repeat":false,"StartTime":"25:00","EndTime":"","Interval":"","RefChangeTrigger":true}]"#,
                    #"[{"Branch":"master","Weekend":"9","Repeat":false,"StartTime":"9:00","EndTime":"","Interval":"","RefChangeTrigger":true}]"#,
                    #"[{"Branch":"master","Weekend":"1","Repeat":true,"StartTime":"9","EndTime":"8","Interval":"30","RefChangeTrigger":true}]"#,
                    #"[{"Branch":"master","Weekend":"1","Repeat":true,"StartTime":"9","EndTime":"18","Interval":"0","RefChangeTrigger":true}]"#,
                    "[]",
                ]
                for schedules in bad {
                    let reply = try await h.action("CreateCodingCIJob", Self.cronBody(w, schedules: schedules))
                    #expect(reply.response["Error"]["Code"].string == "InvalidParameterValue", "\(schedules): \(reply.text)")
                }
                #expect(try await h.store.ci.jobs(projectKey: "alpha").isEmpty)
            }
        }
    }

    @Test func repeatingRulesFireEveryIntervalWithinTheirHours() {
        let rule = CIJob.Schedule(branch: "", weekend: "[1,2,3,4,5]", repeats: true, startTime: "8", endTime: "18", interval: "30", refChangeTrigger: true)
        #expect(rule.problem == nil)
        func at(_ weekday: Int, _ hour: Int, _ minute: Int) -> Bool { rule.fires(at: .init(weekday: weekday, hour: hour, minute: minute)) }
        #expect(at(3, 8, 0) && at(3, 10, 30) && at(5, 17, 30))
        #expect(!at(3, 10, 45) && !at(3, 7, 30) && !at(3, 18, 0) && !at(6, 10, 30))
        let sunday = CIJob.Schedule(branch: "", weekend: "0", repeats: false, startTime: "23:59", endTime: "", interval: "", refChangeTrigger: true)
        #expect(sunday.fires(at: .init(weekday: 7, hour: 23, minute: 59)) && !sunday.fires(at: .init(weekday: 1, hour: 23, minute: 59)))
    }
}
