import SlipwayCore

/// One element of `GET /api/aslan/delivery/releases` (Zadig §10, its legacy camelCase keys): a
/// version and what it delivers. Slipway's versions hold deployments only: builds, tests,
/// distributions and security scans are empty lists, as for a Zadig version made by hand.
struct DeliveryArtifactRelease: Encodable {
    let versionInfo: VersionInfo
    let buildInfo: [JSONValue] = []
    let deployInfo: [Deploy]
    let testInfo: [JSONValue] = []
    let distributeInfo: [JSONValue] = []
    let securityStatsInfo: [JSONValue] = []

    struct VersionInfo: Encodable {
        let id: String
        let version: String
        let productName: String
        let workflowName: String
        let taskId: Int
        let desc: String
        let labels: [String]
        let productEnvInfo: EnvInfo
        let createdBy: String
        let created_at: Int64
        let deleted_at: Int64
    }

    /// The environment the version was taken from (empty for a version written by hand).
    struct EnvInfo: Encodable {
        let product_name: String
        let env_name: String
        let production: Bool
    }

    /// One container of one service (`serviceName` is `service/container`, as Zadig keys them).
    struct Deploy: Encodable {
        let id: String
        let releaseId: String
        let serviceName: String
        let containerName: String
        let image: String
        let registry_id: String
        let yamlContents: [String]
        let envs: [JSONValue] = []
        let orderedServices: [[String]]
        let start_time: Int64
        let end_time: Int64
        let created_at: Int64
        let deleted_at: Int64
    }

    init(_ version: DeliveryVersion) {
        versionInfo = VersionInfo(
            id: version.id, version: version.version, productName: version.projectKey, workflowName: "", taskId: 0, desc: version.desc,
            labels: version.labels, productEnvInfo: EnvInfo(product_name: version.projectKey, env_name: version.envName, production: version.production),
            createdBy: version.createdBy, created_at: version.createdAt, deleted_at: 0)
        let order = [version.services.map(\.serviceName)]
        var deploys: [Deploy] = []
        for service in version.services {
            // A service without containers still shows its YAML, under its own name.
            let containers: [(name: String, image: String)] =
                service.images.isEmpty ? [("", "")] : service.images.map { ($0.containerName, $0.targetImage.isEmpty ? $0.sourceImage : $0.targetImage) }
            for container in containers {
                deploys.append(
                    Deploy(
                        id: "\(version.id)-\(deploys.count + 1)", releaseId: version.id,
                        serviceName: container.name.isEmpty ? service.serviceName : "\(service.serviceName)/\(container.name)",
                        containerName: container.name, image: container.image, registry_id: version.imageRegistryID,
                        yamlContents: [service.yamlContent], orderedServices: order, start_time: version.createdAt, end_time: version.createdAt,
                        created_at: version.createdAt, deleted_at: 0))
            }
        }
        deployInfo = deploys
    }
}
