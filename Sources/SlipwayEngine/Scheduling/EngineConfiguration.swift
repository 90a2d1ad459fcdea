import Foundation
import SlipwayCore
import SlipwayStore

/// Settings of the engine.
public struct EngineConfiguration: Sendable {
    /// Logs, workspaces and artifacts live under here.
    public var dataDirectory: URL
    /// Global limit of tasks running at once (on top of each workflow's `concurrency_limit`).
    public var maxRunningTasks: Int
    /// Job timeout when a job sets none (minutes), as the reference: 600.
    public var defaultJobTimeoutMinutes: Int
    /// Pause between attempts of a job whose error policy is `retry`.
    public var retryDelay: Duration
    /// Keep job workspaces after the job ends (for debugging).
    public var keepWorkspaces: Bool
    /// The length of the "minute" in which job and approval timeouts are given (tests shorten it).
    public var minute: Duration = .seconds(60)

    public init(dataDirectory: URL, maxRunningTasks: Int = 16, defaultJobTimeoutMinutes: Int = 600,
                retryDelay: Duration = .seconds(1), keepWorkspaces: Bool = false) {
        self.dataDirectory = dataDirectory
        self.maxRunningTasks = maxRunningTasks
        self.defaultJobTimeoutMinutes = defaultJobTimeoutMinutes
        self.retryDelay = retryDelay
        self.keepWorkspaces = keepWorkspaces
    }
}

/// The executor for each job type.
public struct ExecutorRegistry: Sendable {
    public var executors: [JobType: any JobExecutor]

    public init(executors: [JobType: any JobExecutor]) {
        self.executors = executors
    }

    public static func standard(store: Store, runner: ProcessRunner = ProcessRunner()) -> ExecutorRegistry {
        ExecutorRegistry(executors: [
            .sql: SQLJobExecutor(store: store),
            .freestyle: FreestyleExecutor(runner: runner),
            .plugin: PluginExecutor(runner: runner),
            .approval: ApprovalExecutor(),
            .workflowTrigger: WorkflowTriggerExecutor(),
            .notification: NotificationExecutor(),
            .serverlessPipeline: ServerlessPipelineExecutor(runner: runner),
        ])
    }
}
