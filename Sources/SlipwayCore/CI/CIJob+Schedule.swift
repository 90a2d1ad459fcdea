/// When a CODING CI `CRON` rule fires. `Weekend` lists weekdays (`1`…`7` from Monday, `0` and `7`
/// both Sunday; empty: every day). A single rule (`Repeat` false) fires at `StartTime` `H:MM`;
/// a repeating one every `Interval` minutes from hour `StartTime` until hour `EndTime` (24 when
/// empty). Times are the server's.
extension CIJob.Schedule {
    /// A minute of the week: weekday 1 (Monday) … 7 (Sunday), hour, minute.
    package struct Moment: Sendable, Equatable {
        package var weekday: Int
        package var hour: Int
        package var minute: Int

        package init(weekday: Int, hour: Int, minute: Int) {
            self.weekday = weekday
            self.hour = hour
            self.minute = minute
        }
    }

    /// The rule read: weekdays, first and last hour or the time, and the interval in minutes.
    struct Rule {
        var weekdays: Set<Int>
        var hour: Int
        var minute: Int
        var endHour: Int
        var interval: Int
    }

    /// What is wrong with the rule, or nil.
    package var problem: String? {
        switch rule {
        case .success: return nil
        case .failure(let problem): return problem.message
        }
    }

    struct Problem: Error {
        var message: String
    }

    var rule: Result<Rule, Problem> {
        var weekdays = Set<Int>()
        for part in weekend.split(whereSeparator: { ",[] ".contains($0) }) {
            guard let day = Int(part), (0...7).contains(day) else { return .failure(Problem(message: "Weekend must list weekdays 1 to 7")) }
            weekdays.insert(day == 0 ? 7 : day)
        }
        if weekdays.isEmpty { weekdays = Set(1...7) }
        guard branch.count <= 255, !branch.hasPrefix("-") else { return .failure(Problem(message: "Branch is not a branch name")) }
        let parts = startTime.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hour = Int(parts[0]), (0...23).contains(hour) else {
            return .failure(Problem(message: repeats ? "StartTime must be an hour from 0 to 23" : "StartTime must be a time H:MM"))
        }
        let minute = parts.count == 2 ? Int(parts[1]) ?? -1 : 0
        guard (0...59).contains(minute) else { return .failure(Problem(message: "StartTime must be a time H:MM")) }
        guard repeats else { return .success(Rule(weekdays: weekdays, hour: hour, minute: minute, endHour: hour, interval: 0)) }
        let end = endTime.isEmpty ? 24 : Int(endTime.split(separator: ":").first ?? "") ?? -1
        guard end > hour, end <= 24 else { return .failure(Problem(message: "EndTime must be an hour after StartTime, at most 24")) }
        let every = interval.isEmpty ? 60 : Int(interval) ?? 0
        guard (1...1_440).contains(every) else { return .failure(Problem(message: "Interval must be 1 to 1440 minutes")) }
        return .success(Rule(weekdays: weekdays, hour: hour, minute: 0, endHour: end, interval: every))
    }

    /// Whether the rule fires at `moment`.
    package func fires(at moment: Moment) -> Bool {
        guard case .success(let rule) = rule, rule.weekdays.contains(moment.weekday) else { return false }
        guard repeats else { return moment.hour == rule.hour && moment.minute == rule.minute }
        guard moment.hour >= rule.hour, moment.hour < rule.endHour else { return false }
        return ((moment.hour - rule.hour) * 60 + moment.minute) % rule.interval == 0
    }
}
