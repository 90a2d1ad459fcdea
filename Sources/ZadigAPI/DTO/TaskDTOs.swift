import SlipwayCore
import SlipwayHTTP

/// `POST /openapi/workflows/custom/task` body.
struct RunWorkflowRequest: Decodable {
    let project_key: String
    let workflow_key: String
    let parameters: [Parameter]?
    let inputs: [Input]?
    let approval_ticket_id: String?

    struct Parameter: Decodable {
        let name: String
        let type: String?
        let value: JSONValue?
    }

    struct Input: Decodable {
        let job_name: String
        let job_type: String?
        let parameters: JSONValue?
    }
}

/// `POST /openapi/workflows/custom/task` response (note the `*_name` keys).
struct RunWorkflowResponse: Encodable {
    let project_name: String
    let workflow_name: String
    let task_id: Int
}

/// `POST /openapi/workflows/custom/task/approve` body.
struct ApproveRequest: Decodable {
    let task_id: Int
    let workflow_key: String
    let stage_name: String
    let approve: Bool?
    let comment: String?
}

/// Body of a manual error-handling decision (as the reference's `HandleJobErrorRequest`).
struct HandleJobErrorRequest: Decodable {
    let job_name: String
    let workflow_name: String
    let task_id: Int
    let decision: String
}

/// `GET /openapi/workflows/custom/:workflowKey/tasks` response.
struct TaskListResponse: Encodable, JSONTextWritable {
    let total: Int
    let workflow_tasks: [Item]

    struct Item: Encodable {
        let workflow_key: String
        let workflow_name: String
        let project_key: String
        let task_id: Int
        let create_time: Int64
        let task_creator: String
        let start_time: Int64
        let end_time: Int64
        let status: String
    }

    init(_ page: Page<TaskSummary>) {
        total = page.total
        workflow_tasks = page.items.map {
            Item(
                workflow_key: $0.workflowKey, workflow_name: $0.workflowName, project_key: $0.projectKey, task_id: $0.taskID,
                create_time: $0.createdAt.seconds, task_creator: $0.creator, start_time: $0.startedAt.seconds,
                end_time: $0.endedAt.seconds, status: $0.status.rawValue)
        }
    }

    /// The same JSON as `Encodable` gives, written directly (a page is 50 of these per request).
    func write(to json: inout JSONText) {
        json.raw("{\"total\":")
        json.int(total)
        json.raw(",\"workflow_tasks\":[")
        for (index, item) in workflow_tasks.enumerated() {
            json.raw(index == 0 ? "{\"workflow_key\":" : ",{\"workflow_key\":")
            json.string(item.workflow_key)
            json.raw(",\"workflow_name\":")
            json.string(item.workflow_name)
            json.raw(",\"project_key\":")
            json.string(item.project_key)
            json.raw(",\"task_id\":")
            json.int(item.task_id)
            json.raw(",\"create_time\":")
            json.int(item.create_time)
            json.raw(",\"task_creator\":")
            json.string(item.task_creator)
            json.raw(",\"start_time\":")
            json.int(item.start_time)
            json.raw(",\"end_time\":")
            json.int(item.end_time)
            json.raw(",\"status\":")
            json.string(item.status)
            json.raw("}")
        }
        json.raw("]}")
    }
}
