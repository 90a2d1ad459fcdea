/// What a task list shows of one task: the columns kept beside its sealed run state, so a page
/// never opens or decodes whole run documents.
package struct TaskSummary: Sendable, Equatable {
    package var workflowKey: String
    /// The workflow's display name when the task was created.
    package var workflowName: String
    package var projectKey: String
    package var taskID: Int
    package var status: TaskStatus
    package var creator: String
    package var createdAt: EpochMillis
    package var startedAt: EpochMillis
    package var endedAt: EpochMillis
    /// What started the task when no person did (`WorkflowTask.startedBy`); empty otherwise.
    package var startedBy: String = ""

    package init(
        workflowKey: String, workflowName: String, projectKey: String, taskID: Int, status: TaskStatus, creator: String,
        createdAt: EpochMillis, startedAt: EpochMillis, endedAt: EpochMillis
    ) {
        self.workflowKey = workflowKey
        self.workflowName = workflowName
        self.projectKey = projectKey
        self.taskID = taskID
        self.status = status
        self.creator = creator
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }

    /// The summary of a full task.
    package init(_ task: WorkflowTask) {
        self.init(
            workflowKey: task.workflowKey, workflowName: task.workflowName, projectKey: task.projectKey, taskID: task.taskID,
            status: task.status, creator: task.creator, createdAt: task.createdAt, startedAt: task.startedAt, endedAt: task.endedAt)
    }
}
