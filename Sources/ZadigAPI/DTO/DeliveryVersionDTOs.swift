import SlipwayCore
import SlipwayServices

/// `POST /openapi/delivery/releases/k8s` body.
struct CreateDeliveryVersionRequest: Decodable {
    let project_key: String?
    let version_name: String?
    let source: String?
    let original_version_name: String?
    let env_name: String?
    let production: Bool?
    let desc: String?
    let labels: [String]?
    let image_registry_id: String?
    let services: [ServiceIn]?

    struct ServiceIn: Decodable {
        let service_name: String?
        let yaml_content: String?
        let images: [ImageIn]?
    }

    struct ImageIn: Decodable {
        let container_name: String?
        let image_name: String?
        let source_image: String?
        let source_image_tag: String?
        let target_image: String?
        let target_image_tag: String?
        let push_image: Bool?
        let image_path: JSONValue?
    }

    func draft() throws -> DeliveryVersionService.Draft {
        guard let project = project_key, !project.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        guard let source, !source.isEmpty else { throw ZadigError.badRequest("source is required") }
        return DeliveryVersionService.Draft(
            projectKey: project, versionName: version_name ?? "", source: source, originalVersionName: original_version_name ?? "",
            envName: env_name ?? "", production: production ?? false, desc: desc ?? "", labels: labels ?? [],
            imageRegistryID: image_registry_id ?? "",
            services: (services ?? []).map { service in
                DeliveryVersion.Service(
                    serviceName: service.service_name ?? "", yamlContent: service.yaml_content ?? "",
                    images: (service.images ?? []).map {
                        DeliveryVersion.Image(
                            containerName: $0.container_name ?? "", imageName: $0.image_name ?? "", sourceImage: $0.source_image ?? "",
                            sourceImageTag: $0.source_image_tag ?? "", targetImage: $0.target_image ?? "",
                            targetImageTag: $0.target_image_tag ?? "", imagePath: $0.image_path ?? .null, pushImage: $0.push_image ?? false)
                    })
            })
    }
}

/// `POST /openapi/delivery/releases/retry` body (the reference reads `id` and `projectKey` from the query).
struct RetryDeliveryVersionRequest: Decodable {
    let id: String?
    let projectKey: String?
}

/// `GET /openapi/delivery/releases`: `{list, total}`, newest first.
struct DeliveryVersionListResponse: Encodable {
    let list: [Item]
    let total: Int

    struct Item: Encodable {
        let id: String
        let version_name: String
        let type: String
        let source: String
        let status: String
        let labels: [String]
        let description: String
        let created_by: String
        let create_time: Int64
    }

    init(_ page: Page<DeliveryVersion>) {
        list = page.items.map {
            Item(
                id: $0.id, version_name: $0.version, type: $0.type, source: $0.source, status: $0.status, labels: $0.labels,
                description: $0.desc, created_by: $0.createdBy, create_time: $0.createdAt)
        }
        total = page.total
    }
}

/// A version's detail (Zadig's keys differ from the list's).
struct DeliveryVersionDetail: Encodable {
    let version: String
    let project_name: String
    let env_name: String
    let production: Bool
    let type: String
    let source: String
    let desc: String
    let labels: [String]
    let image_registry_id: String
    let chart_repo_name: String
    let services: [ServiceOut]
    let status: String
    let error: String
    let created_by: String
    let created_at: Int64
    let deleted_at: Int64

    struct ServiceOut: Encodable {
        let service_name: String
        let chart_name: String
        let original_chart_version: String
        let chart_version: String
        let chart_status: String
        let yaml_content: String
        let images: [ImageOut]
        let error: String
    }

    struct ImageOut: Encodable {
        let container_name: String
        let image_name: String
        let source_image: String
        let source_image_tag: String
        let target_image: String
        let target_image_tag: String
        let image_path: JSONValue
        let push_image: Bool
        let status: String
        let error: String
    }

    init(_ v: DeliveryVersion) {
        version = v.version
        project_name = v.projectKey
        env_name = v.envName
        production = v.production
        type = v.type
        source = v.source
        desc = v.desc
        labels = v.labels
        image_registry_id = v.imageRegistryID
        chart_repo_name = ""
        services = v.services.map { s in
            ServiceOut(
                service_name: s.serviceName, chart_name: "", original_chart_version: "", chart_version: "", chart_status: "",
                yaml_content: s.yamlContent,
                images: s.images.map {
                    ImageOut(
                        container_name: $0.containerName, image_name: $0.imageName, source_image: $0.sourceImage,
                        source_image_tag: $0.sourceImageTag, target_image: $0.targetImage, target_image_tag: $0.targetImageTag,
                        image_path: $0.imagePath, push_image: $0.pushImage, status: $0.status, error: $0.error)
                }, error: s.error)
        }
        status = v.status
        error = v.error
        created_by = v.createdBy
        created_at = v.createdAt
        deleted_at = 0
    }
}
