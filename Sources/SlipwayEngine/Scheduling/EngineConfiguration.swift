import Foundation
import SlipwayCore
import SlipwayStore

/// Settings of the engine.
package struct EngineConfiguration: Sendable {
    /// Logs, workspaces and artifacts live under here.
    package var dataDirectory: URL
    /// Global limit of tasks running at once (on top of each workflow's `concurrency_limit`).
    package var maxRunningTasks: Int
    /// Job timeout when a job sets none (minutes), as the reference: 600.
    package var defaultJobTimeoutMinutes: Int
    /// Pause between attempts of a job whose error policy is `retry`.
    package var retryDelay: Duration
    /// Keep job workspaces after the job ends (for debugging).
    package var keepWorkspaces: Bool
    /// The length of the "minute" in which job and approval timeouts are given (tests shorten it).
    package var minute: Duration = .seconds(60)
    /// Where job processes run: in the bubblewrap sandbox (default) or directly on the host.
    package var executor: ExecutorKind = .sandbox
    /// The sandbox's layout and limits (the data directory is always hidden).
    package var sandbox = SandboxSettings()
    /// How long a `sql` job waits for its database to answer before failing.
    package var sqlConnectTimeout: Duration = .seconds(10)
    /// Runs the commands of jobs that ask for an image; nil: a `ContainerBackend` when podman is
    /// found on `PATH` (see `makeBackend`).
    package var containerBackend: (any ExecutionBackend)?
    /// How container jobs run (podman, runtime, local image archives).
    package var containers = ContainerSettings()
    /// Runs the commands of jobs that ask for agent labels; nil when the server has no agents.
    package var agentBackend: (any ExecutionBackend)?

    /// Hosted repositories and mirrors live here (`<data>/git`).
    package var repositoriesDirectory: URL { dataDirectory.appendingPathComponent("git") }

    /// The backend that runs job processes, routing each job by its placement (`BackendRouter`).
    package func makeBackend(runner: ProcessRunner = ProcessRunner()) -> any ExecutionBackend {
        BackendRouter(local: makeLocalBackend(runner: runner), container: makeContainerBackend(runner: runner), agents: agentBackend)
    }

    /// The container backend: the one set, else podman's when it is installed, else none (jobs
    /// that ask for an image then fail with the reason).
    package func makeContainerBackend(runner: ProcessRunner = ProcessRunner()) -> (any ExecutionBackend)? {
        containerBackend ?? ContainerBackend.ifAvailable(dataDirectory: dataDirectory, settings: containers, sandbox: sandbox, runner: runner)
    }

    /// The server's own executor; an unavailable sandbox fails each job with the reason
    /// (the server refuses to start in that case, see `SandboxTools.problem`).
    package func makeLocalBackend(runner: ProcessRunner = ProcessRunner()) -> any ExecutionBackend {
        switch executor {
        case .host: return HostBackend(runner: runner)
        case .sandbox:
            do { return try SandboxBackend(dataDirectory: dataDirectory, settings: sandbox, runner: runner) } catch {
                return UnavailableBackend(reason: "\(error)")
            }
        }
    }

    package init(
        dataDirectory: URL, maxRunningTasks: Int = 16, defaultJobTimeoutMinutes: Int = 600,
        retryDelay: Duration = .seconds(1), keepWorkspaces: Bool = false
    ) {
        self.dataDirectory = dataDirectory
        self.maxRunningTasks = maxRunningTasks
        self.defaultJobTimeoutMinutes = defaultJobTimeoutMinutes
        self.retryDelay = retryDelay
        self.keepWorkspaces = keepWorkspaces
    }
}

/// The executor for each job type.
package struct ExecutorRegistry: Sendable {
    package var executors: [JobType: any JobExecutor]
    /// The backend the executors start processes with, which the runner asks to make the next
    /// stage's sandboxes ahead of need; nil: nothing is made ahead.
    package var backend: (any ExecutionBackend)?

    package init(executors: [JobType: any JobExecutor], backend: (any ExecutionBackend)? = nil) {
        self.executors = executors
        self.backend = backend
    }

    package static func standard(store: Store, configuration: EngineConfiguration) -> ExecutorRegistry {
        let backend = configuration.makeBackend()
        return ExecutorRegistry(
            executors: [
                .sql: SQLJobExecutor(store: store, connectTimeout: configuration.sqlConnectTimeout),
                .freestyle: FreestyleExecutor(backend: backend),
                .plugin: PluginExecutor(backend: backend),
                .approval: ApprovalExecutor(),
                .workflowTrigger: WorkflowTriggerExecutor(),
                .notification: NotificationExecutor(),
                .serverlessPipeline: ServerlessPipelineExecutor(
                    backend: backend, checkout: HostedCheckout(repositoriesDirectory: configuration.repositoriesDirectory)),
                .zadigBuild: QualityJobExecutor(store: store, backend: backend, repositoriesDirectory: configuration.repositoriesDirectory),
                .zadigTest: QualityJobExecutor(store: store, backend: backend, repositoriesDirectory: configuration.repositoriesDirectory),
                .zadigScanning: QualityJobExecutor(store: store, backend: backend, repositoriesDirectory: configuration.repositoriesDirectory),
                .jenkinsPipeline: JenkinsPipelineExecutor(
                    backend: backend, checkout: HostedCheckout(repositoriesDirectory: configuration.repositoriesDirectory)),
                .cdHostDeploy: CdHostDeployExecutor(
                    store: store, backend: backend, identity: CdSSHIdentity(dataDirectory: configuration.dataDirectory)),
                .cdWait: CdWaitExecutor(),
                .cdScript: CdScriptExecutor(backend: backend, repositoriesDirectory: configuration.repositoriesDirectory),
                .deliveryVersion: DeliveryVersionExecutor(store: store, backend: backend),
            ], backend: backend)
    }
}
