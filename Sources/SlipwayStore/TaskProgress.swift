import Foundation
import SQLKit
import SlipwayCore

/// The run state of one stage or job of a task: one row of `task_progress`, keyed by the task and
/// the stage and job indexes (`job_index` -1 is the stage itself). What a running task changes lives
/// here, so a job's change is one small upsert instead of a rewrite of the task's whole document.
/// Outputs are sealed: a job may write a secret to them.
struct TaskProgress: Equatable {
    /// `job_index` of the row that holds a stage's own state.
    static let stageRow = -1

    var stageIndex: Int
    var jobIndex: Int
    var status: TaskStatus
    var startedAt: EpochMillis
    var endedAt: EpochMillis
    var error: String
    var retryCount: Int
    var outputs: [String: String]
    var approval: ApprovalRun?
    var processGroup: Int32?
    var errorHandler: String?

    /// Every stage and job of `task`, stages before their jobs.
    static func all(of task: WorkflowTask) -> [TaskProgress] {
        var rows: [TaskProgress] = []
        for (s, stage) in task.stages.enumerated() {
            rows.append(TaskProgress(stage: stage, at: s))
            for (j, job) in stage.jobs.enumerated() { rows.append(TaskProgress(job: job, at: s, j)) }
        }
        return rows
    }

    /// The rows of `task` that differ from `previous` (all of them when the shapes differ).
    static func changed(_ task: WorkflowTask, since previous: WorkflowTask) -> [TaskProgress] {
        guard task.stages.count == previous.stages.count,
            zip(task.stages, previous.stages).allSatisfy({ $0.jobs.count == $1.jobs.count })
        else { return all(of: task) }
        var rows: [TaskProgress] = []
        for (s, stage) in task.stages.enumerated() {
            let row = TaskProgress(stage: stage, at: s)
            if row != TaskProgress(stage: previous.stages[s], at: s) { rows.append(row) }
            for (j, job) in stage.jobs.enumerated() {
                let row = TaskProgress(job: job, at: s, j)
                if row != TaskProgress(job: previous.stages[s].jobs[j], at: s, j) { rows.append(row) }
            }
        }
        return rows
    }

    /// Put this row's state into its stage or job of `task` (a row naming neither is ignored).
    func apply(to task: inout WorkflowTask) {
        guard task.stages.indices.contains(stageIndex) else { return }
        if jobIndex == Self.stageRow {
            task.stages[stageIndex].status = status
            task.stages[stageIndex].startedAt = startedAt
            task.stages[stageIndex].endedAt = endedAt
            task.stages[stageIndex].error = error
            task.stages[stageIndex].approval = approval
            return
        }
        guard task.stages[stageIndex].jobs.indices.contains(jobIndex) else { return }
        task.stages[stageIndex].jobs[jobIndex].status = status
        task.stages[stageIndex].jobs[jobIndex].startedAt = startedAt
        task.stages[stageIndex].jobs[jobIndex].endedAt = endedAt
        task.stages[stageIndex].jobs[jobIndex].error = error
        task.stages[stageIndex].jobs[jobIndex].retryCount = retryCount
        task.stages[stageIndex].jobs[jobIndex].outputs = outputs
        task.stages[stageIndex].jobs[jobIndex].approval = approval
        task.stages[stageIndex].jobs[jobIndex].processGroup = processGroup
        task.stages[stageIndex].jobs[jobIndex].errorHandler = errorHandler
    }

    /// Whether the columns of `tasks` a running task changes (status, times, pending reason) differ.
    static func sameColumns(_ a: WorkflowTask, _ b: WorkflowTask) -> Bool {
        a.status == b.status && a.startedAt == b.startedAt && a.endedAt == b.endedAt && a.pendingReason == b.pendingReason
    }

    /// Whether `a` and `b` have the same document (what `document(of:)` keeps), without building
    /// either: the head fields other than the `tasks` columns, and each stage's and job's definition. A job's `spec` is not
    /// compared: it is fixed when the task is created (a run renders it, and never writes it back).
    static func sameDocument(_ a: WorkflowTask, _ b: WorkflowTask) -> Bool {
        guard a.error == b.error, a.retryCount == b.retryCount, a.revoker == b.revoker, a.secrets == b.secrets,
            a.workflowKey == b.workflowKey, a.taskID == b.taskID, a.workflowName == b.workflowName, a.projectKey == b.projectKey,
            a.creator == b.creator, a.createdAt == b.createdAt, a.approvalTicketID == b.approvalTicketID, a.params == b.params,
            a.notifyControls == b.notifyControls, a.stages.count == b.stages.count
        else { return false }
        for (x, y) in zip(a.stages, b.stages) {
            guard x.name == y.name, x.parallel == y.parallel, x.jobs.count == y.jobs.count else { return false }
            for (p, q) in zip(x.jobs, y.jobs)
            where p.name != q.name || p.type != q.type || p.errorPolicy != q.errorPolicy || p.executePolicy != q.executePolicy {
                return false
            }
        }
        return true
    }

    /// `task` with every stage's and job's run state reset: what the task document keeps (its
    /// rows hold the rest; the runtime context, status, times and pending reason are columns of `tasks`).
    static func document(of task: WorkflowTask) -> WorkflowTask {
        var document = task
        document.context = [:]
        document.status = .created
        document.startedAt = 0
        document.endedAt = 0
        document.pendingReason = ""
        for s in document.stages.indices {
            for j in [stageRow] + Array(document.stages[s].jobs.indices) { notStarted(s, j).apply(to: &document) }
        }
        return document
    }

    /// The state of a stage or job that has not run.
    static func notStarted(_ s: Int, _ j: Int) -> TaskProgress {
        TaskProgress(
            stageIndex: s, jobIndex: j, status: .notStarted, startedAt: 0, endedAt: 0, error: "", retryCount: 0, outputs: [:],
            approval: nil, processGroup: nil, errorHandler: nil)
    }
}

extension TaskProgress {
    init(stage: StageRun, at s: Int) {
        stageIndex = s
        jobIndex = Self.stageRow
        status = stage.status
        startedAt = stage.startedAt
        endedAt = stage.endedAt
        error = stage.error
        retryCount = 0
        outputs = [:]
        approval = stage.approval
    }

    init(job: JobRun, at s: Int, _ j: Int) {
        stageIndex = s
        jobIndex = j
        status = job.status
        startedAt = job.startedAt
        endedAt = job.endedAt
        error = job.error
        retryCount = job.retryCount
        outputs = job.outputs
        approval = job.approval
        processGroup = job.processGroup
        errorHandler = job.errorHandler
    }
}

/// A `task_progress` row as stored.
struct TaskProgressRow: Decodable {
    var taskRow: Int64
    var stageIndex: Int
    var jobIndex: Int
    var status: String
    var startedAt: EpochMillis
    var endedAt: EpochMillis
    var error: String
    var retryCount: Int
    var outputs: String
    var approval: String
    var processGroup: Int64?
    var errorHandler: String?

    enum CodingKeys: String, CodingKey {
        case taskRow = "task_row", stageIndex = "stage_index", jobIndex = "job_index"
        case status, startedAt = "started_at", endedAt = "ended_at", error, retryCount = "retry_count", outputs, approval
        case processGroup = "process_group", errorHandler = "error_handler"
    }

    /// The columns of a row, in the order `values` binds them (`plainColumns`, `TaskRepository+PlainRead`).
    static let columns = plainColumns.map(\.name)

    func progress(_ box: SecretBox) throws -> TaskProgress {
        let decoder = JSONDecoder()
        let outputs = try outputs.isEmpty ? [:] : decoder.decode([String: String].self, from: Data(box.open(outputs).utf8))
        let approval = try approval.isEmpty ? nil : decoder.decode(ApprovalRun.self, from: Data(approval.utf8))
        return TaskProgress(
            stageIndex: stageIndex, jobIndex: jobIndex, status: TaskStatus(rawValue: status) ?? .failed, startedAt: startedAt,
            endedAt: endedAt, error: error, retryCount: retryCount, outputs: outputs, approval: approval,
            processGroup: processGroup.map { Int32(truncatingIfNeeded: $0) }, errorHandler: errorHandler)
    }
}

extension TaskProgress {
    /// The values of the columns `TaskProgressRow.columns` names after the task's row.
    func values(_ box: SecretBox) throws -> [any Encodable & Sendable] {
        let sealed = try sealedParts(box)
        return [
            stageIndex, jobIndex, status.rawValue, startedAt, endedAt, error, retryCount, sealed.outputs, sealed.approval,
            processGroup.map { Int64($0) }, errorHandler,
        ]
    }

    /// The stored forms of the outputs (sealed: a job may write a secret to them) and the approval.
    func sealedParts(_ box: SecretBox) throws -> (outputs: String, approval: String) {
        (try outputs.isEmpty ? "" : box.seal(JSONColumn.encode(outputs)), approval.map { JSONColumn.encode($0) } ?? "")
    }
}
