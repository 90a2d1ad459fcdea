import SlipwayCore
import SlipwayStore

/// What a person sees of the system at a glance (the web home and project pages): the projects
/// they may see, the tasks running in them, the approvals waiting for them, and a project's
/// workflows. Every answer is filtered by the same project permissions as the APIs.
package struct OverviewService: Sendable {
    let context: ServiceContext
    var store: Store { context.store }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// An approval a task waits on that `user` may still decide.
    package struct WaitingApproval: Sendable, Equatable {
        package var task: TaskSummary
        /// The stage (stage approval) or job (approval job) name the decision is made on.
        package var name: String
    }

    /// The projects `user` may see, by key.
    package func projects(of user: User, page: Int = 1, pageSize: Int = 200) async throws -> Page<Project> {
        try await store.projects.list(visibleTo: user, page: page, pageSize: pageSize)
    }

    /// One project `user` may see (`notFound` / `forbidden` as the APIs).
    package func project(_ key: String, user: User) async throws -> Project {
        try await store.access.require(.view, project: key, user: user)
        guard let project = try await store.projects.get(key: key) else { throw SlipwayError.notFound("project \(key) not found") }
        return project
    }

    /// A project's workflows, when `user` may read workflows there.
    package func workflows(of key: String, user: User) async throws -> [Workflow] {
        try await store.access.require(.action("get_workflow"), project: key, user: user)
        return try await store.workflows.list(projectKey: key)
    }

    /// Whether `user` may do `action` (`run_workflow`…) in the project: for showing only the
    /// forms that would be accepted. The actions themselves check again.
    package func may(_ action: String, project key: String, user: User) async -> Bool {
        (try? await store.access.require(.action(action), project: key, user: user)) != nil
    }

    /// Unfinished tasks of the projects whose workflows `user` may read, newest first.
    package func unfinishedTasks(for user: User) async throws -> [WorkflowTask] {
        var allowed: [String: Bool] = [:]
        var visible: [WorkflowTask] = []
        for task in try await store.tasks.unfinished() {
            if allowed[task.projectKey] == nil {
                allowed[task.projectKey] = (try? await store.access.require(.action("get_workflow"), project: task.projectKey, user: user)) != nil
            }
            if allowed[task.projectKey] == true { visible.append(task) }
        }
        return visible.sorted { ($0.createdAt, $0.taskID) > ($1.createdAt, $1.taskID) }
    }

    /// Approvals open now in which `user` is a named approver who has not decided yet.
    package func approvalsWaiting(for user: User) async throws -> [WaitingApproval] {
        var waiting: [WaitingApproval] = []
        for task in try await unfinishedTasks(for: user) {
            for stage in task.stages {
                if stage.startedAt > 0, !stage.status.isCompleted, let approval = stage.approval, Self.awaitsDecision(approval, from: user) {
                    waiting.append(WaitingApproval(task: TaskSummary(task), name: stage.name))
                }
                for job in stage.jobs where job.status == .waitForApproval {
                    if let approval = job.approval, Self.awaitsDecision(approval, from: user) {
                        waiting.append(WaitingApproval(task: TaskSummary(task), name: job.name))
                    }
                }
            }
        }
        return waiting
    }

    /// True while `approval` is open and `user` is one of its approvers who has not decided.
    package static func awaitsDecision(_ approval: ApprovalRun, from user: User) -> Bool {
        !approval.outcome.isDecided && approval.spec.approveUsers.contains { $0.userName == user.account }
            && !approval.decisions.contains { $0.userName == user.account }
    }
}
