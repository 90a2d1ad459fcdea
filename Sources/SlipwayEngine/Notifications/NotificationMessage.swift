import Foundation
import SlipwayCore

/// What a notification says, before it is shaped for a provider.
package struct NotificationMessage: Sendable, Equatable {
    /// How the news should look: green, red or neutral.
    package enum Tone: Sendable, Equatable { case good, bad, neutral }

    /// A labelled line: `**Project**: demo`.
    package struct Field: Sendable, Equatable {
        package var label: String
        package var value: String
        /// Coloured by the tone where the provider can (the status line).
        package var emphasized: Bool

        package init(_ label: String, _ value: String, emphasized: Bool = false) {
            self.label = label
            self.value = value
            self.emphasized = emphasized
        }
    }

    package var title: String
    /// Free markdown shown before the fields (a `notification` job's `content`).
    package var body: String
    package var fields: [Field]
    /// Where to look at the task, when a public URL is known.
    package var link: String?
    package var tone: Tone
    /// What a generic webhook receives.
    package var event: JSONValue
    /// `X-Slipway-Event` of a generic webhook: `workflow` or `notification`.
    package var kind: String

    package init(
        title: String, body: String = "", fields: [Field] = [], link: String? = nil, tone: Tone = .neutral,
        event: JSONValue, kind: String
    ) {
        self.title = title
        self.body = body
        self.fields = fields
        self.link = link
        self.tone = tone
        self.event = event
        self.kind = kind
    }
}

extension NotificationMessage {
    /// The message about a task event (`notify_ctls`).
    package static func task(_ task: WorkflowTask, event: TaskEvent, publicURL: String?) -> NotificationMessage {
        let link = taskURL(task, publicURL: publicURL)
        var fields = [
            Field("Project", task.projectKey),
            Field("Workflow", "\(task.workflowName) (\(task.workflowKey))"),
            Field("Task", "#\(task.taskID)"),
            Field("Status", event.rawValue, emphasized: true),
            Field("Creator", task.creator),
        ]
        if let duration = duration(task) { fields.append(Field("Duration", duration)) }
        if !task.error.isEmpty { fields.append(Field("Error", task.error)) }
        let tone: Tone =
            switch event {
            case .passed: .good
            case .failed, .timeout, .cancelled, .reject: .bad
            case .created, .running: .neutral
            }
        return NotificationMessage(
            title: "Workflow \(task.workflowName) #\(task.taskID) \(event.rawValue)", fields: fields, link: link, tone: tone,
            event: taskEvent(task, event: event, link: link), kind: "workflow")
    }

    /// The message a `notification` job sends: its title and content as rendered by the runner.
    package static func job(_ context: JobContext, title: String, content: String) -> NotificationMessage {
        let title = title.isEmpty ? "Workflow \(context.workflowKey) #\(context.taskID)" : title
        let event: JSONValue = .object([
            "object_kind": .string("notification"),
            "title": .string(title),
            "content": .string(content),
            "project_name": .string(context.projectKey),
            "workflow_name": .string(context.workflowKey),
            "task_id": .number(Double(context.taskID)),
            "job_name": .string(context.jobName),
        ])
        return NotificationMessage(title: title, body: content, event: event, kind: "notification")
    }

    /// Zadig's task page: `<base>/v1/projects/detail/<project>/pipelines/custom/<workflow>/<id>?display_name=<name>`.
    static func taskURL(_ task: WorkflowTask, publicURL: String?) -> String? {
        guard var base = publicURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "display_name", value: task.workflowName)]
        return "\(base)/v1/projects/detail/\(task.projectKey)/pipelines/custom/\(task.workflowKey)/\(task.taskID)?\(query.percentEncodedQuery ?? "")"
    }

    /// Run time of a finished task: `1h 2m 3s`, `4m 5s`, `6s`.
    static func duration(_ task: WorkflowTask) -> String? {
        guard task.startedAt > 0, task.endedAt >= task.startedAt else { return nil }
        let total = Int((task.endedAt - task.startedAt) / 1000)
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        if h > 0 { return "\(h)h \(m)m \(s)s" }
        if m > 0 { return "\(m)m \(s)s" }
        return "\(s)s"
    }

    /// The generic webhook event: `{object_kind: "workflow", event, workflow: {…task summary}}`. Times in Unix seconds.
    static func taskEvent(_ task: WorkflowTask, event: TaskEvent, link: String?) -> JSONValue {
        func time(_ ms: EpochMillis) -> JSONValue { .number(Double(ms.seconds)) }
        let stages: [JSONValue] = task.stages.map { stage in
            .object([
                "name": .string(stage.name),
                "status": .string(stage.status.rawValue),
                "start_time": time(stage.startedAt),
                "end_time": time(stage.endedAt),
                "jobs": .array(
                    stage.jobs.map { job in
                        .object([
                            "name": .string(job.name),
                            "type": .string(job.type.rawValue),
                            "status": .string(job.status.rawValue),
                            "start_time": time(job.startedAt),
                            "end_time": time(job.endedAt),
                            "error": .string(job.error),
                        ])
                    }),
            ])
        }
        return .object([
            "object_kind": .string("workflow"),
            "event": .string(event.rawValue),
            "workflow": .object([
                "project_name": .string(task.projectKey),
                "workflow_name": .string(task.workflowKey),
                "workflow_display_name": .string(task.workflowName),
                "task_id": .number(Double(task.taskID)),
                "status": .string(task.status.rawValue),
                "creator": .string(task.creator),
                "error": .string(task.error),
                "create_time": time(task.createdAt),
                "start_time": time(task.startedAt),
                "end_time": time(task.endedAt),
                "detail_url": link.map(JSONValue.string) ?? .string(""),
                "stages": .array(stages),
            ]),
        ])
    }
}
