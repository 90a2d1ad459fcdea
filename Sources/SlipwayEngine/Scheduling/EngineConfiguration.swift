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
    /// Where job processes run: in the bubblewrap sandbox (default) or directly on the host.
    public var executor: ExecutorKind = .sandbox
    /// The sandbox's layout and limits (the data directory is always hidden).
    public var sandbox = SandboxSettings()
    /// How long a `sql` job waits for its database to answer before failing.
    public var sqlConnectTimeout: Duration = .seconds(10)

    /// Hosted repositories and mirrors live here (`<data>/git`).
    public var repositoriesDirectory: URL { dataDirectory.appendingPathComponent("git") }

    /// The backend that runs job processes; an unavailable sandbox fails each job with the reason
    /// (the server refuses to start in that case, see `SandboxTools.problem`).
    public func makeBackend(runner: ProcessRunner = ProcessRunner()) -> any ExecutionBackend {
        switch executor {
        case .host: return HostBackend(runner: runner)
        case .sandbox:
            do { return try SandboxBackend(dataDirectory: dataDirectory, settings: sandbox, runner: runner) } catch {
                return UnavailableBackend(reason: "\(error)")
            }
        }
    }

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

    public static func standard(store: Store, configuration: EngineConfiguration) -> ExecutorRegistry {
        let backend = configuration.makeBackend()
        return ExecutorRegistry(executors: [
            .sql: SQLJobExecutor(store: store, connectTimeout: configuration.sqlConnectTimeout),
            .freestyle: FreestyleExecutor(backend: backend),
            .plugin: PluginExecutor(backend: backend),
            .approval: ApprovalExecutor(),
            .workflowTrigger: WorkflowTriggerExecutor(),
            .notification: NotificationExecutor(),
            .serverlessPipeline: ServerlessPipelineExecutor(
                backend: backend, checkout: HostedCheckout(repositoriesDirectory: configuration.repositoriesDirectory)),
        ])
    }
}
