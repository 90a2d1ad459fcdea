import SlipwayCore

/// `GET /openapi/system/operation[/env]` response.
struct OperationLogListResponse: Encodable {
    let operation_logs: [Item]
    let total: Int

    struct Item: Encodable {
        let username: String
        let project_key: String
        let method: String
        let function: String
        let scene: String
        let targets: [String]
        let detail: String
        let request_body: String
        let body_type: String
        let status: Int
        let created_at: Int64
    }

    init(_ page: Page<OperationLog>) {
        total = page.total
        operation_logs = page.items.map {
            Item(
                username: $0.username, project_key: $0.projectKey, method: $0.method, function: $0.function,
                scene: $0.scene, targets: $0.targets, detail: $0.detail, request_body: $0.requestBody,
                body_type: $0.bodyType, status: $0.status, created_at: $0.createdAt.seconds)
        }
    }
}
