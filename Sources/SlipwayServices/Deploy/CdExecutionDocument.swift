import Foundation
import SlipwayCore
import SlipwayStore

/// A CD pipeline execution as Spinnaker shapes it (`PipelineExecutionJsonContent`): the
/// pipeline's fields, the trigger, and one stage per config stage, with the status and times of
/// the job that ran it, for a failed one the reason in `context.exception`, and for a `script` or
/// `deployHostserver` stage that ran, the end of its log in `outputs.log`.
package enum CdExecutionDocument {
    /// Spinnaker's status for an engine status.
    package static func status(_ status: TaskStatus) -> String {
        switch status {
        case .notStarted, .created, .waiting, .queued: return "NOT_STARTED"
        case .prepare, .running, .waitForApproval, .waitForManualErrorHandling: return "RUNNING"
        case .pause: return "PAUSED"
        case .passed: return "SUCCEEDED"
        case .failed, .timeout, .unstable, .reject: return "TERMINAL"
        case .cancelled: return "CANCELED"
        case .skipped: return "SKIPPED"
        }
    }

    /// `logs` holds the log of each stage (by index) that shows one.
    package static func build(
        _ execution: CdPipelineExecution, task: WorkflowTask?, config: CdPipelineConfig?, logs: [Int: String] = [:]
    ) -> JSONValue {
        let status = task.map { Self.status($0.status) } ?? execution.status
        let startTime = task?.startedAt ?? execution.startedAt
        let endTime = task?.endedAt ?? execution.endedAt
        let jobs = Dictionary((task?.stages ?? []).flatMap(\.jobs).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let configStages = config.map { CdPipelineWorkflow($0).stages } ?? []
        let stages: [JSONValue] = configStages.enumerated().map { index, fields in
            stage(fields, job: jobs[CdPipelineWorkflow.jobName(index)], executionID: execution.id, index: index, log: logs[index])
        }
        let day = DateFormatter()
        day.dateFormat = "yyyyMMdd"
        day.timeZone = .current
        let customName = "\(day.string(from: Date(timeIntervalSince1970: Double(execution.createdAt) / 1000)))-\(execution.application)-\(execution.name)"
        var document: [String: JSONValue] = [
            "application": .string(execution.application), "name": .string(execution.name), "id": .string(execution.id), "type": .string("PIPELINE"),
            "pipelineConfigId": .string(execution.configID), "customName": .string(customName),
            "authentication": .object(["allowedAccounts": .array([]), "user": .string(execution.createdBy)]),
            "buildTime": .number(Double(execution.createdAt)), "startTime": .number(Double(startTime)), "endTime": .number(Double(endTime)),
            "status": .string(status), "canceled": .bool(status == "CANCELED"), "initialConfig": .object([:]), "keepWaitingPipelines": .bool(false),
            "limitConcurrent": .bool(true), "notifications": .array([]), "systemNotifications": .array([]), "origin": .string("api"),
            "trigger": execution.trigger, "stages": .array(stages),
        ]
        if status == "CANCELED" {
            document["canceledBy"] = .string(task?.revoker ?? "")
            document["cancellationReason"] = .string(execution.cancelReason)
        }
        return .object(document)
    }

    /// The stages whose log an execution shows.
    static let loggedTypes: Set<String> = ["script", "deployHostserver"]

    /// At most this many bytes of a stage's log, its end, are shown.
    package static let maxLogBytes = 64 * 1024

    static func stage(_ fields: [String: JSONValue], job: JobRun?, executionID: String, index: Int, log: String?) -> JSONValue {
        let status = job.map { self.status($0.status) } ?? "NOT_STARTED"
        var context = fields
        for key in ["refId", "type", "name", "requisiteStageRefIds"] { context[key] = nil }
        if fields["type"]?.string == "deployHostserver" {
            // The artifacts' content stays in the config; the execution names them.
            context["artifacts"] = .array((fields["artifacts"]?.array ?? []).map { .object(["type": $0["type"], "name": $0["name"]]) })
            context["cloudProvider"] = .string("hostserver")
            if let group = job?.spec["server_group_name"].string, !group.isEmpty {
                context["deploy.server.groups"] = .object([fields["region"]?.string ?? "hostserver": .array([.string(group)])])
                context["serverGroupName"] = .string(group)
            }
        }
        if let job, !job.error.isEmpty, status == "TERMINAL" || status == "CANCELED" {
            context["exception"] = .object(["details": .object(["errors": .array([.string(job.error)]), "error": .string(job.error)])])
        }
        let type = fields["type"] ?? .string("")
        return SpinnakerStage.make(
            id: "\(executionID)-\(index)", refID: fields["refId"] ?? .string(""), requisites: fields["requisiteStageRefIds"] ?? .array([]), type: type,
            name: fields["name"] ?? type, status: status, started: job?.startedAt ?? 0, ended: job?.endedAt ?? 0, context: context,
            outputs: log.map { ["log": .string($0)] } ?? [:])
    }
}
