/// One run of a CD pipeline config: the task of the pipeline's workflow that carries it out,
/// what triggered it, and, once the task ended, its status and times (kept for history and
/// statistics, even when the task itself is gone).
package struct CdPipelineExecution: Sendable, Equatable {
    package var id: String
    package var configID: String
    package var application: String
    package var name: String
    package var workflowKey: String
    package var taskID: Int
    /// `TriggerJsonContent` as given (`type`, `user`, `parameters`, …).
    package var trigger: JSONValue
    package var createdBy: String
    /// Spinnaker's status: NOT_STARTED, RUNNING, PAUSED, SUCCEEDED, TERMINAL, CANCELED.
    package var status: String
    package var cancelReason: String
    package var startedAt: EpochMillis
    package var endedAt: EpochMillis
    package var createdAt: EpochMillis

    package init(
        id: String, configID: String, application: String, name: String, workflowKey: String, taskID: Int, trigger: JSONValue,
        createdBy: String, status: String = "NOT_STARTED", cancelReason: String = "", startedAt: EpochMillis = 0, endedAt: EpochMillis = 0,
        createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.configID = configID
        self.application = application
        self.name = name
        self.workflowKey = workflowKey
        self.taskID = taskID
        self.trigger = trigger
        self.createdBy = createdBy
        self.status = status
        self.cancelReason = cancelReason
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.createdAt = createdAt
    }
}

/// One host of a server group a `deployHostserver` stage created, and how its deployment went:
/// `running`, `succeed` or `failed` (CODING's words).
package struct CdHostInstance: Sendable, Equatable {
    package var account: String
    package var serverGroupName: String
    package var ip: String
    /// The host server group's display name.
    package var region: String
    package var status: String
    package var deployedAt: EpochMillis

    package init(account: String, serverGroupName: String, ip: String, region: String, status: String, deployedAt: EpochMillis) {
        self.account = account
        self.serverGroupName = serverGroupName
        self.ip = ip
        self.region = region
        self.status = status
        self.deployedAt = deployedAt
    }
}
