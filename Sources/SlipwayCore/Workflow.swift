/// A workflow definition: ordered stages of jobs, parameters, limits and notifications.
/// A Zadig custom workflow, a CODING CI job and a Serverless Devs application all run as one.
package struct Workflow: Sendable, Equatable {
    /// Identifier (Zadig `name` / `workflow_key`), unique across projects.
    package var key: String
    package var displayName: String
    package var projectKey: String
    package var description: String
    /// -1 unlimited, 0 never runs, N at most N tasks at once.
    package var concurrencyLimit: Int
    package var params: [WorkflowParam]
    package var stages: [StageDefinition]
    /// Notification settings as given (`notify_ctls`).
    package var notifyControls: JSONValue
    package var enableApprovalTicket: Bool
    package var disabled: Bool
    /// The whole definition as received, for faithful detail responses.
    package var definition: JSONValue
    package var createdBy: String
    package var createdAt: EpochMillis
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package init(
        key: String, displayName: String, projectKey: String, description: String = "", concurrencyLimit: Int = -1,
        params: [WorkflowParam] = [], stages: [StageDefinition] = [], notifyControls: JSONValue = .array([]),
        enableApprovalTicket: Bool = false, disabled: Bool = false, definition: JSONValue = .object([:]),
        createdBy: String, createdAt: EpochMillis = .now(), updatedBy: String? = nil, updatedAt: EpochMillis? = nil
    ) {
        self.key = key
        self.displayName = displayName
        self.projectKey = projectKey
        self.description = description
        self.concurrencyLimit = concurrencyLimit
        self.params = params
        self.stages = stages
        self.notifyControls = notifyControls
        self.enableApprovalTicket = enableApprovalTicket
        self.disabled = disabled
        self.definition = definition
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedBy = updatedBy ?? createdBy
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Keys: letters, digits and '-', starting with a letter or digit, at most 64.
    package static func validateKey(_ key: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard !key.isEmpty else { throw .invalidInput("workflow name is required") }
        guard key.count <= 64, key.allSatisfy({ allowed.contains($0) }), key.first != "-" else {
            throw .invalidInput("workflow name must be letters, digits or '-' (at most 64), not starting with '-'")
        }
    }
}

/// A workflow parameter (`{{.workflow.params.<name>}}`).
package struct WorkflowParam: Sendable, Equatable, Codable {
    package var name: String
    package var description: String
    /// `string`, `text`, `choice`, `repo`, …
    package var type: String
    package var value: String
    package var defaultValue: String
    package var isCredential: Bool
    package var choiceOptions: [String]
    package var repo: JSONValue
    /// Internal: only the system that generated the workflow sets it (a Serverless Devs
    /// application's `pipeline`, `commit`, …); callers running the workflow cannot.
    package var locked: Bool

    package init(
        name: String, description: String = "", type: String = "string", value: String = "", defaultValue: String = "",
        isCredential: Bool = false, choiceOptions: [String] = [], repo: JSONValue = .null, locked: Bool = false
    ) {
        self.name = name
        self.description = description
        self.type = type
        self.value = value
        self.defaultValue = defaultValue
        self.isCredential = isCredential
        self.choiceOptions = choiceOptions
        self.repo = repo
        self.locked = locked
    }

    private enum CodingKeys: String, CodingKey {
        case name, description, type, value, defaultValue, isCredential, choiceOptions, repo, locked
    }

    /// Rows written before `locked` existed decode with `locked: false`.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        type = try c.decode(String.self, forKey: .type)
        value = try c.decode(String.self, forKey: .value)
        defaultValue = try c.decode(String.self, forKey: .defaultValue)
        isCredential = try c.decode(Bool.self, forKey: .isCredential)
        choiceOptions = try c.decode([String].self, forKey: .choiceOptions)
        repo = try c.decodeIfPresent(JSONValue.self, forKey: .repo) ?? .null
        locked = try c.decodeIfPresent(Bool.self, forKey: .locked) ?? false
    }
}

extension Workflow {
    /// Parameters a caller may not set: those marked `locked`, and every parameter that feeds a
    /// `serverless-pipeline` job's spec (it defines what runs; this also covers generated
    /// workflows stored before the flag existed).
    package var lockedParamNames: Set<String> {
        var names = Set(params.filter(\.locked).map(\.name))
        let pipelineSpecs = stages.flatMap(\.jobs).filter { $0.type == .serverlessPipeline }.map(\.spec)
        guard !pipelineSpecs.isEmpty else { return names }
        for spec in pipelineSpecs {
            _ = spec.mapStrings { text in
                for param in params where text.contains("{{.workflow.params.\(param.name)}}") { names.insert(param.name) }
                return text
            }
        }
        return names
    }
}
