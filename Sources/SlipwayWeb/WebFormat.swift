import Foundation
import SlipwayCore

/// How times, durations and statuses look on the pages.
enum WebFormat {
    /// `2026-12-02 03:04:05 UTC`, or "" for an unset time.
    static func time(_ millis: EpochMillis) -> String {
        guard millis > 0 else { return "" }
        let seconds = Int(millis / 1000)
        let days = seconds / 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let rest = seconds % 86_400
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// `1m 05s`; "" before the start. An unfinished one counts up to now.
    static func duration(start: EpochMillis, end: EpochMillis, now: EpochMillis = .now()) -> String {
        guard start > 0 else { return "" }
        let seconds = max(0, Int(((end > 0 ? end : now) - start) / 1000))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return String(format: "%dm %02ds", seconds / 60, seconds % 60) }
        return String(format: "%dh %02dm", seconds / 3600, seconds % 3600 / 60)
    }

    static func status(_ status: TaskStatus) -> HTML {
        let name = statusName(status)
        return "<span class=\"status status-\(name)\">\(name)</span>"
    }

    /// How a status reads on the pages, and its class name: its wire value, `not_started` for
    /// the empty one.
    static func statusName(_ status: TaskStatus) -> String {
        status == .notStarted ? "not_started" : status.rawValue
    }

    /// Every status's label by its wire value, as JSON: the live script writes a status the
    /// event stream sends with the very text the server renders.
    static let statusLabels: String = {
        let labels = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, statusName($0)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(labels)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }()

    /// A duration the live script keeps current: its start and end (milliseconds, 0 when unset)
    /// ride along, so a running one counts up and a finished one is set from the event's time.
    static func liveDuration(start: EpochMillis, end: EpochMillis) -> HTML {
        "<span class=\"duration\" data-start=\"\(start)\" data-end=\"\(end)\">\(duration(start: start, end: end))</span>"
    }
}
