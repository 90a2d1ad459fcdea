import SlipwayCore
import SlipwayServices

/// CODING work hours (§2.2 `workhours`): log, delete and list an issue's work logs, over `WorkHourService`.
struct WorkHourActions: Sendable {
    func service(_ call: ActionCall) -> WorkHourService { WorkHourService(call.services.context) }

    @Sendable func createIssueWorkHours(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        guard let spent = try IssueFields.double(p, "SpendHour") else { throw CodingError.missingParameter("SpendHour") }
        guard let remaining = try IssueFields.double(p, "RemainingHour") else { throw CodingError.missingParameter("RemainingHour") }
        _ = try await service(call).log(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), spent: spent, remaining: remaining,
            startAt: try p.int("StartAt"), description: try p.optionalString("WorkingDesc") ?? "", by: call.user)
        return NoOutput()
    }

    @Sendable func deleteIssueWorkHours(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).delete(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), logID: try p.int("WorkHourLogId"),
            rollback: try p.optionalBool("RollbackRemainingHours") ?? false, by: call.user)
        return NoOutput()
    }

    @Sendable func describeIssueWorkLogList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("ProjectName")
        let (logs, people) = try await service(call).logs(projectKey: key, code: try p.int("IssueCode"), by: call.user)
        return WorkLogsOutput(
            WorkLogs: logs.map {
                .init(
                    Id: $0.id, IssueId: $0.issueID, IssueCode: $0.issueCode, ProjectName: key, UserId: people.id($0.userUID),
                    RecordHours: $0.spentHours, RemainingHours: $0.remainingHours, StartAt: $0.startAt, WorkingDesc: $0.description,
                    CreatedAt: $0.createdAt, UpdatedAt: $0.createdAt)
            })
    }
}
