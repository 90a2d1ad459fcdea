import SlipwayCore

/// `POST /openapi/projects/project` body.
struct CreateProjectRequest: Decodable {
    let project_name: String
    let project_key: String
    let is_public: Bool
    let description: String?
    let project_type: String
}

/// `POST /openapi/projects/project/init/yaml` and `/init/helm` body.
struct InitProjectRequest: Decodable {
    let project_name: String
    let project_key: String
    let is_public: Bool
    let description: String?
    let project_type: String?
    let service_list: [InitService]
    let env_list: [InitEnvironment]

    struct InitService: Decodable {
        let service_name: String
        let source: String?
        let template_name: String?
        let variable_yaml: [VariableKV]?
        let auto_sync: Bool?
        let yaml: String?
        let values_yaml: String?
    }

    struct VariableKV: Codable {
        let key: String
        let value: JSONValue?
    }

    struct InitEnvironment: Decodable {
        let env_key: String
        let cluster_name: String?
        /// The YAML page of the reference docs calls it `cluster`.
        let cluster: String?
        let namespace: String
    }
}

/// `GET /openapi/projects/project` response.
struct ProjectListResponse: Encodable {
    let total: Int
    let projects: [Item]

    struct Item: Encodable {
        let project_name: String
        let project_key: String
        let description: String
        let deploy_type: String
    }

    init(_ page: Page<Project>) {
        total = page.total
        projects = page.items.map {
            Item(project_name: $0.name, project_key: $0.key, description: $0.description, deploy_type: $0.type.deployType)
        }
    }
}

/// `GET /openapi/projects/project/detail` response.
struct ProjectDetailResponse: Encodable {
    let project_name: String
    let project_key: String
    let is_public: Bool
    let desc: String
    let deploy_type: String
    let create_time: Int64
    let created_by: String

    init(_ p: Project) {
        project_name = p.name
        project_key = p.key
        is_public = p.isPublic
        desc = p.description
        deploy_type = p.type.deployType
        create_time = p.createdAt.seconds
        created_by = p.createdBy
    }
}

/// The bare `{"message":"success"}` of handlers that return nothing.
struct SuccessResponse: Encodable {
    let message = "success"
}
