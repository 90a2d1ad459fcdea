import SlipwayCore

/// `GET /openapi/workflows` response.
struct WorkflowListResponse: Encodable {
    let workflows: [Item]

    struct Item: Encodable {
        let workflow_key: String
        let workflow_name: String
        let update_by: String
        let update_time: Int64
        let type = "custom"
    }

    init(_ workflows: [Workflow]) {
        self.workflows = workflows.map {
            Item(workflow_key: $0.key, workflow_name: $0.displayName, update_by: $0.updatedBy, update_time: $0.updatedAt.seconds)
        }
    }
}

/// A workflow parameter as Zadig shows it.
struct ParamDTO: Encodable {
    let name: String
    let description: String
    let type: String
    let value: String
    let repo: JSONValue
    let choice_option: [String]
    let `default`: String
    let is_credential: Bool

    init(_ p: WorkflowParam, masked: Bool) {
        name = p.name
        description = p.description
        type = p.type
        value = masked && p.isCredential && !p.value.isEmpty ? "***" : p.value
        repo = p.repo
        choice_option = p.choiceOptions
        self.default = masked && p.isCredential && !p.defaultValue.isEmpty ? "***" : p.defaultValue
        is_credential = p.isCredential
    }
}

/// `GET /openapi/workflows/custom/:workflowKey/detail` response.
struct WorkflowDetailResponse: Encodable {
    let workflow_key: String
    let workflow_name: String
    let project_key: String
    let description: String
    let created_by: String
    let create_time: Int64
    let updated_by: String
    let update_time: Int64
    let params: [ParamDTO]
    let stages: JSONValue
    let notify_ctls: JSONValue
    let share_storages: JSONValue
    let concurrency_limit: Int
    let enable_approval_ticket: Bool

    init(_ w: Workflow) {
        workflow_key = w.key
        workflow_name = w.displayName
        project_key = w.projectKey
        description = w.description
        created_by = w.createdBy
        create_time = w.createdAt.seconds
        updated_by = w.updatedBy
        update_time = w.updatedAt.seconds
        params = w.params.map { ParamDTO($0, masked: true) }
        stages = WorkflowStageShape.stages(w)
        notify_ctls = w.notifyControls.isNull ? .array([]) : w.notifyControls
        share_storages = w.definition["share_storages"].isNull ? .array([]) : w.definition["share_storages"]
        concurrency_limit = w.concurrencyLimit
        enable_approval_ticket = w.enableApprovalTicket
    }
}
