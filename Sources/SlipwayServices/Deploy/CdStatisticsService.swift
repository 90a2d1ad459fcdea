import Foundation
import SlipwayCore
import SlipwayStore

/// CODING CD deployment statistics, from the recorded pipeline executions of each application
/// in a window (`yyyy-MM-dd HH:mm:ss`, the server's time zone, at most 366 days): how many ran
/// and succeeded, per day, and how long the finished ones took.
package struct CdStatisticsService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// The executions of each application in the window, and the window's days.
    package struct Window: Sendable {
        package var startDate: String
        package var endDate: String
        package var days: [String]
        package var executions: [(application: String, runs: [CdPipelineExecution])]
    }

    static let maxDays = 366

    /// The applications bound to project `projectKey`, for whoever may see the project.
    package func byProject(_ projectKey: String, startAt: String, endAt: String, by caller: User) async throws -> Window {
        let applications = try await CdApplicationService(context).applications(projectKey: projectKey, by: caller).map(\.name)
        return try await window(applications, startAt: startAt, endAt: endAt)
    }

    /// The applications named, each visible to the caller.
    package func byApplications(_ names: [String], startAt: String, endAt: String, by caller: User) async throws -> Window {
        guard !names.isEmpty, names.count <= 100 else { throw SlipwayError.invalidInput("Application must list 1 to 100 applications") }
        let service = CdApplicationService(context)
        for name in names { _ = try await service.application(name, by: caller) }
        var seen = Set<String>()
        return try await window(names.filter { seen.insert($0).inserted }, startAt: startAt, endAt: endAt)
    }

    func window(_ applications: [String], startAt: String, endAt: String) async throws -> Window {
        let from = try Self.instant(startAt, field: "StartAt"), to = try Self.instant(endAt, field: "EndAt")
        guard from <= to else { throw SlipwayError.invalidInput("StartAt must not be after EndAt") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let first = calendar.startOfDay(for: from), last = calendar.startOfDay(for: to)
        let count = (calendar.dateComponents([.day], from: first, to: last).day ?? 0) + 1
        guard count <= Self.maxDays else { throw SlipwayError.invalidInput("the window spans at most \(Self.maxDays) days") }
        let days = (0..<count).compactMap { calendar.date(byAdding: .day, value: $0, to: first) }.map(Self.day)
        let runs = try await context.store.cdExecutions.list(
            applications: applications, from: EpochMillis(from.timeIntervalSince1970 * 1000), to: EpochMillis(to.timeIntervalSince1970 * 1000) + 1)
        let grouped = Dictionary(grouping: runs, by: \.application)
        return Window(
            startDate: Self.day(from), endDate: Self.day(to), days: days, executions: applications.map { ($0, grouped[$0] ?? []) })
    }

    static func instant(_ text: String, field: String) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        guard text.count == 19, let date = formatter.date(from: text) else { throw SlipwayError.invalidInput("\(field) must be yyyy-MM-dd HH:mm:ss") }
        return date
    }

    package static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    package static func day(_ millis: EpochMillis) -> String { day(Date(timeIntervalSince1970: Double(millis) / 1000)) }
}

extension CdPipelineExecution {
    /// Whether the execution deployed successfully.
    package var succeeded: Bool { status == "SUCCEEDED" }

    /// Whole seconds it ran, once it ended (0 before).
    package var seconds: Int64 { endedAt > 0 && startedAt > 0 ? max(0, endedAt - startedAt) / 1000 : 0 }
}
