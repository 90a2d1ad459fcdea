import SlipwayCore
import SlipwayStore

/// Work hours on issues (issue 16): log entries whose spent hours add up to the issue's spent
/// hours; each entry also says how many hours remain.
package struct WorkHourService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var issues: IssueService { IssueService(context) }

    package func log(
        projectKey: String, code: Int64, spent: Double, remaining: Double, startAt: Int64, description: String, by user: User
    ) async throws -> IssueWorkLog {
        let issue = try await issues.find(projectKey: projectKey, code: code, by: user, write: true)
        guard spent > 0, spent <= 1000 else { throw SlipwayError.invalidInput("SpendHour must be more than 0 and at most 1000") }
        guard remaining >= 0, remaining <= IssueInput.maxHours else { throw SlipwayError.invalidInput("RemainingHour must be 0…100000") }
        guard startAt > 0 else { throw SlipwayError.invalidInput("StartAt must be a time in epoch milliseconds") }
        guard description.utf8.count <= 65_536 else { throw SlipwayError.invalidInput("WorkingDesc is too long") }
        let log = IssueWorkLog(
            issueID: issue.id, issueCode: code, userUID: user.uid, spentHours: spent, remainingHours: remaining, startAt: startAt,
            description: description, createdAt: EpochMillis.now())
        return try await context.store.issues.addWorkLog(log, projectKey: projectKey)
    }

    /// Delete a log entry; with `rollback` its hours return to the remaining hours.
    package func delete(projectKey: String, code: Int64, logID: Int64, rollback: Bool, by user: User) async throws {
        let issue = try await issues.find(projectKey: projectKey, code: code, by: user, write: true)
        guard try await context.store.issues.deleteWorkLog(id: logID, issueID: issue.id, rollback: rollback, at: EpochMillis.now()) else {
            throw SlipwayError.notFound("work log \(logID) not found on issue \(code)")
        }
    }

    package func logs(projectKey: String, code: Int64, by user: User) async throws -> (logs: [IssueWorkLog], people: PlanningPeople) {
        let issue = try await issues.find(projectKey: projectKey, code: code, by: user, write: false)
        let logs = try await context.store.issues.workLogs(of: issue.id)
        return (logs, try await issues.access.people(logs.map(\.userUID)))
    }
}
