import SlipwayCore
import SlipwayServices

/// CODING CD statistics (§2.16 `cd.stats`): deployment counts, daily trends and durations, per
/// application of a project or of a list, over `CdStatisticsService`.
struct CdStatisticsActions: Sendable {
    func window(_ call: ActionCall, byProject: Bool, applicationsParameter: String = "Application") async throws -> CdStatisticsService.Window {
        let service = CdStatisticsService(call.services.context)
        let startAt = try call.parameters.string("StartAt"), endAt = try call.parameters.string("EndAt")
        if byProject {
            return try await service.byProject(try call.parameters.string("ProjectName"), startAt: startAt, endAt: endAt, by: call.user)
        }
        // The vendor's table spells the parameter of DescribeCdDeployTimeByApplications "Applicatio".
        let name = call.parameters.value(applicationsParameter) == nil && call.parameters.value("Applicatio") != nil ? "Applicatio" : applicationsParameter
        let names = try call.parameters.array(name).map { value -> String in
            guard let text = value.string, !text.isEmpty else { throw CodingError.invalidParameter(name, "must list application names") }
            return text
        }
        return try await service.byApplications(names, startAt: startAt, endAt: endAt, by: call.user)
    }

    @Sendable func countByProject(_ call: ActionCall) async throws -> any ActionOutput { Self.count(try await window(call, byProject: true)) }
    @Sendable func countByApplications(_ call: ActionCall) async throws -> any ActionOutput { Self.count(try await window(call, byProject: false)) }
    @Sendable func trendByProject(_ call: ActionCall) async throws -> any ActionOutput { Self.trend(try await window(call, byProject: true)) }
    @Sendable func trendByApplications(_ call: ActionCall) async throws -> any ActionOutput { Self.trend(try await window(call, byProject: false)) }
    @Sendable func timeByProject(_ call: ActionCall) async throws -> any ActionOutput { Self.time(try await window(call, byProject: true)) }
    @Sendable func timeByApplications(_ call: ActionCall) async throws -> any ActionOutput { Self.time(try await window(call, byProject: false)) }

    static func tally(_ runs: [CdPipelineExecution]) -> CdDeployCountDTO {
        CdDeployCountDTO(SucceedCount: runs.filter(\.succeeded).count, TotalCount: runs.count)
    }

    static func count(_ window: CdStatisticsService.Window) -> any ActionOutput {
        CdDeployCountOutput(
            Data: .init(
                Details: window.executions.map { CdDeployCountDetailDTO(Application: $0.application, CdDeployCount: tally($0.runs)) },
                EndDate: window.endDate, StartDate: window.startDate, Total: tally(window.executions.flatMap(\.runs))))
    }

    static func days(_ runs: [CdPipelineExecution], _ window: CdStatisticsService.Window) -> [CdDeployTrendDTO] {
        let byDay = Dictionary(grouping: runs) { CdStatisticsService.day($0.createdAt) }
        return window.days.map { day in
            let tally = tally(byDay[day] ?? [])
            return CdDeployTrendDTO(Date: day, SucceedCount: tally.SucceedCount, TotalCount: tally.TotalCount)
        }
    }

    static func trend(_ window: CdStatisticsService.Window) -> any ActionOutput {
        let all = window.executions.flatMap(\.runs)
        return CdDeployTrendOutput(
            Data: .init(
                Details: window.executions.map {
                    CdDeployTrendDetailDTO(
                        Application: $0.application, CdDeployTrend: days($0.runs, window), SuccessCount: tally($0.runs).SucceedCount,
                        TotalCount: $0.runs.count)
                },
                EndDate: window.endDate, StartDate: window.startDate,
                Total: .init(CdDeployTrend: days(all, window), SuccessCount: tally(all).SucceedCount, TotalCount: all.count)))
    }

    static func duration(_ runs: [CdPipelineExecution]) -> CdDeployTimeDTO {
        CdDeployTimeDTO(DeployTime: runs.reduce(0) { $0 + $1.seconds }, TotalCount: runs.count)
    }

    static func time(_ window: CdStatisticsService.Window) -> any ActionOutput {
        CdDeployTimeOutput(
            Data: .init(
                Details: window.executions.map { CdDeployTimeDetailDTO(Application: $0.application, CdDeployTime: duration($0.runs)) },
                EndDate: window.endDate, StartDate: window.startDate, Total: duration(window.executions.flatMap(\.runs))))
    }
}
