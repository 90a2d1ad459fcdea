import SlipwayCore

/// A release plan as a caller writes it (create, or the whole-plan update with its jobs), before
/// the service resolves its manager, approvers and workflows.
package struct ReleasePlanDraft: Sendable {
    package var name: String
    package var manager: String
    package var managerIdentityType: String
    package var description: String
    package var startTime: Int64
    package var endTime: Int64
    package var scheduleExecuteTime: Int64
    package var approval: Approval?
    package var jobs: [Job]

    package init(
        name: String, manager: String, managerIdentityType: String = "", description: String = "", startTime: Int64 = 0,
        endTime: Int64 = 0, scheduleExecuteTime: Int64 = 0, approval: Approval? = nil, jobs: [Job] = []
    ) {
        self.name = name
        self.manager = manager
        self.managerIdentityType = managerIdentityType
        self.description = description
        self.startTime = startTime
        self.endTime = endTime
        self.scheduleExecuteTime = scheduleExecuteTime
        self.approval = approval
        self.jobs = jobs
    }

    /// `{enabled, type, description, native_approval: {approve_users, needed_approvers, timeout}}`.
    package struct Approval: Sendable {
        package var enabled: Bool
        package var type: String
        package var description: String
        /// `(user_id, user_name)`; either may be empty.
        package var approvers: [(id: String, name: String)]
        package var neededApprovers: Int
        package var timeoutMinutes: Int

        package init(
            enabled: Bool, type: String, description: String = "", approvers: [(id: String, name: String)], neededApprovers: Int,
            timeoutMinutes: Int = 0
        ) {
            self.enabled = enabled
            self.type = type
            self.description = description
            self.approvers = approvers
            self.neededApprovers = neededApprovers
            self.timeoutMinutes = timeoutMinutes
        }
    }

    package enum Job: Sendable {
        case text(name: String, ReleaseJob.TextSpec)
        case workflow(name: String, ReleaseJob.WorkflowSpec)

        var name: String {
            switch self {
            case .text(let name, _), .workflow(let name, _): name
            }
        }
    }

    /// Bounds of what one plan may hold.
    static let maxJobs = 200, maxApprovers = 100, maxNameLength = 256

    /// Zadig's checks of the fields themselves (required fields, time range, schedule time, counts).
    func lint() throws(SlipwayError) {
        guard !name.isEmpty, !manager.isEmpty else { throw .invalidInput("Required parameters are missing") }
        guard name.count <= Self.maxNameLength else { throw .invalidInput("name must be at most \(Self.maxNameLength) characters") }
        if startTime != 0 || endTime != 0, startTime > endTime {
            throw .invalidInput("lint release time range error: start time should not be greater than end time")
        }
        if scheduleExecuteTime != 0, startTime != 0 || endTime != 0, !(startTime...endTime).contains(scheduleExecuteTime) {
            throw .invalidInput("lint schedule execute time error: schedule execute time should be in the range of start time and end time")
        }
        guard jobs.count <= Self.maxJobs else { throw .invalidInput("a release plan holds at most \(Self.maxJobs) jobs") }
        for job in jobs {
            guard !job.name.isEmpty, job.name.count <= Self.maxNameLength else {
                throw .invalidInput("job name must be 1-\(Self.maxNameLength) characters")
            }
        }
        guard let approval, approval.enabled else { return }
        guard approval.type == "native" else {
            throw .invalidInput("lintApproval error: approval type \(approval.type) is not supported (only native approval)")
        }
        guard approval.approvers.count <= Self.maxApprovers else {
            throw .invalidInput("lintApproval error: at most \(Self.maxApprovers) approve users")
        }
        guard approval.neededApprovers >= 1, approval.approvers.count >= approval.neededApprovers else {
            throw .invalidInput("lintApproval error: all approve users should not less than needed approvers")
        }
    }
}
