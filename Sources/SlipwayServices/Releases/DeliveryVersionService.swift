import Foundation
import SlipwayCore
import SlipwayStore

/// Zadig §8 delivery versions of a project: `K8SYaml` versions written by hand (`manual`) or
/// copied from an earlier version (`from_version`), their YAML checked with bounded reads.
///
/// As Zadig, a version is made asynchronously when it pushes images: the images marked
/// `push_image` are copied to the version's registry (`image_registry_id`, one of
/// `ImageRegistryService`'s) by a task of the version's own workflow (`DeliveryVersionExecutor`),
/// and the version goes `creating` → `success` | `failed`; a failed one may be retried
/// (`retrying`). A version pushing nothing is stored `success` at once (as Zadig's watcher marks a
/// version without a push task). Helm chart versions are refused: Slipway has no chart repository.
package struct DeliveryVersionService: Sendable {
    let context: ServiceContext
    var store: Store { context.store }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// What a caller asks to store.
    package struct Draft: Sendable {
        package var projectKey: String
        package var versionName: String
        package var source: String
        package var originalVersionName: String
        package var envName: String
        package var production: Bool
        package var desc: String
        package var labels: [String]
        package var imageRegistryID: String
        package var services: [DeliveryVersion.Service]

        package init(
            projectKey: String, versionName: String, source: String, originalVersionName: String = "", envName: String = "",
            production: Bool = false, desc: String = "", labels: [String] = [], imageRegistryID: String = "", services: [DeliveryVersion.Service]
        ) {
            self.projectKey = projectKey
            self.versionName = versionName
            self.source = source
            self.originalVersionName = originalVersionName
            self.envName = envName
            self.production = production
            self.desc = desc
            self.labels = labels
            self.imageRegistryID = imageRegistryID
            self.services = services
        }
    }

    static let maxServices = 200, maxImages = 100, maxLabels = 50, maxNameLength = 256

    package func list(projectKey: String, page: Int, pageSize: Int, user: User) async throws -> Page<DeliveryVersion> {
        try await store.access.require(.action("get_delivery"), project: projectKey, user: user)
        return try await store.deliveryVersions.list(projectKey: projectKey, page: page, pageSize: pageSize)
    }

    /// By project and name (`/detail?projectKey=&versionName=`).
    package func version(projectKey: String, name: String, user: User) async throws -> DeliveryVersion {
        try await store.access.require(.action("get_delivery"), project: projectKey, user: user)
        guard let version = try await store.deliveryVersions.get(projectKey: projectKey, name: name) else {
            throw SlipwayError.notFound("delivery version \(name) not found in project \(projectKey)")
        }
        return version
    }

    /// By id, in `projectKey` when given.
    package func version(id: String, projectKey: String?, user: User) async throws -> DeliveryVersion {
        let version = try await find(id, projectKey: projectKey)
        try await store.access.require(.action("get_delivery"), project: version.projectKey, user: user)
        return version
    }

    /// Delete a version with its push task's workflow; refused while its images are being pushed.
    package func delete(id: String, projectKey: String, user: User) async throws {
        try await store.access.require(.action("delete_delivery"), project: projectKey, user: user)
        let version = try await find(id, projectKey: projectKey)
        guard ![DeliveryVersion.creating, DeliveryVersion.retrying].contains(version.status) else {
            throw SlipwayError.failedPrecondition("version \(version.version) is \(version.status): delete it once its images are pushed or failed")
        }
        let key = DeliveryVersion.workflowKey(id: id)
        if let workflow = try await store.workflows.get(key: key), workflow.projectKey == projectKey {
            try await store.workflows.delete(key: key, projectKey: projectKey)
        }
        try await store.deliveryVersions.delete(id: id)
    }

    /// Store a `K8SYaml` version.
    package func createK8s(_ draft: Draft, by user: User) async throws -> DeliveryVersion {
        try await store.access.require(.action("create_delivery"), project: draft.projectKey, user: user)
        try lint(draft)
        var services = draft.services
        if draft.source == "from_version" {
            services = try await copyImages(draft)
        }
        for service in services where !service.yamlContent.isEmpty {
            try DeliveryVersion.checkManifests(service.yamlContent, service: service.serviceName)
        }
        services = try await resolvePushes(services, registryID: draft.imageRegistryID)
        var version = DeliveryVersion(
            id: ReleasePlan.newID(), projectKey: draft.projectKey, version: draft.versionName, envName: draft.envName,
            production: draft.production, source: draft.source, desc: draft.desc, labels: draft.labels,
            imageRegistryID: draft.imageRegistryID, services: services, status: DeliveryVersion.success, createdBy: user.account,
            createdAt: Int64(Date().timeIntervalSince1970))
        if version.pushesImages { version.status = DeliveryVersion.creating }
        try await store.deliveryVersions.create(version)
        if version.pushesImages { version = try await startPush(version, by: user, creating: true) }
        return version
    }

    /// Helm chart versions need a chart repository: refused after the caller's permission is checked.
    package func createHelm(projectKey: String, user: User) async throws {
        try await store.access.require(.action("create_delivery"), project: projectKey, user: user)
        throw SlipwayError.invalidInput("helm chart versions are not supported: Slipway has no chart repository to push charts to")
    }

    /// Retry the creation of a version that failed: its images not pushed yet are pushed again by a
    /// new task, and the version is `retrying` until it ends. Only a failed version may be retried.
    package func retry(id: String, projectKey: String, user: User) async throws {
        try await store.access.require(.action("create_delivery"), project: projectKey, user: user)
        var version = try await find(id, projectKey: projectKey)
        guard version.status == DeliveryVersion.failed else {
            throw SlipwayError.failedPrecondition("can't reCreate version with status:\(version.status)")
        }
        guard version.pushesImages else { throw SlipwayError.failedPrecondition("no workflow task found for version: \(version.version)") }
        version.status = DeliveryVersion.retrying
        version.error = ""
        for (s, i) in version.pushImageIndexes where version.services[s].images[i].status != DeliveryVersion.success {
            (version.services[s].images[i].status, version.services[s].images[i].error) = (DeliveryVersion.imageWaiting, "")
        }
        try await store.deliveryVersions.update(version)
        _ = try await startPush(version, by: user, creating: false)
    }

    func find(_ id: String, projectKey: String?) async throws -> DeliveryVersion {
        guard let version = try await store.deliveryVersions.get(id: id), projectKey == nil || version.projectKey == projectKey else {
            throw SlipwayError.notFound("delivery version \(id) not found")
        }
        return version
    }

    private func lint(_ draft: Draft) throws {
        guard !draft.versionName.isEmpty, draft.versionName.count <= Self.maxNameLength else {
            throw SlipwayError.invalidInput("version_name must be 1-\(Self.maxNameLength) characters")
        }
        switch draft.source {
        case "manual", "from_version": break
        case "from_env":
            throw SlipwayError.invalidInput("source from_env is not supported: Slipway keeps no rendered environment workloads to version")
        default: throw SlipwayError.invalidInput("source must be manual, from_env or from_version")
        }
        guard draft.labels.count <= Self.maxLabels, draft.services.count <= Self.maxServices else {
            throw SlipwayError.invalidInput("a version holds at most \(Self.maxServices) services and \(Self.maxLabels) labels")
        }
        for service in draft.services {
            guard !service.serviceName.isEmpty else { throw SlipwayError.invalidInput("service_name is required") }
            guard service.images.count <= Self.maxImages else {
                throw SlipwayError.invalidInput("service \(service.serviceName): at most \(Self.maxImages) images")
            }
        }
    }

    /// `from_version`: each image comes from the same service and container of the original version.
    private func copyImages(_ draft: Draft) async throws -> [DeliveryVersion.Service] {
        guard !draft.originalVersionName.isEmpty else {
            throw SlipwayError.invalidInput("original version name is required when source is from version")
        }
        guard let original = try await store.deliveryVersions.get(projectKey: draft.projectKey, name: draft.originalVersionName) else {
            throw SlipwayError.invalidInput(
                "failed to get original version, projectKey: \(draft.projectKey), versionName: \(draft.originalVersionName)")
        }
        return try draft.services.map { service in
            var service = service
            service.images = try service.images.map { image in
                guard
                    let source = original.services.first(where: { $0.serviceName == service.serviceName })?.images
                        .first(where: { $0.containerName == image.containerName })
                else {
                    throw SlipwayError.invalidInput(
                        "image not found, serviceName: \(service.serviceName), containerName: \(image.containerName), originalVersionName: \(draft.originalVersionName), projectKey: \(draft.projectKey)"
                    )
                }
                var copied = image
                (copied.imageName, copied.sourceImage, copied.sourceImageTag) = (source.imageName, source.sourceImage, source.sourceImageTag)
                return copied
            }
            return service
        }
    }
}
