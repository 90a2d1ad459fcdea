import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// The image pushes of a version (`push_image: true`): their sources and targets resolved when
/// the version is stored, the task that pushes them (job `push-images` of the version's own
/// workflow `zadig-delivery-<id>`, run by `DeliveryVersionExecutor`), and the settling of a
/// version whose task ended without reaching its job's end (cancelled, or the server stopped).
extension DeliveryVersionService {
    /// `services` with each pushed image's source checked and its target resolved in the
    /// registry `registryID` (`<host>/<namespace>/<image_name>:<target_image_tag>`, or the given
    /// `target_image` in that registry), marked waiting.
    func resolvePushes(_ services: [DeliveryVersion.Service], registryID: String) async throws -> [DeliveryVersion.Service] {
        let pushes = services.contains { $0.images.contains(where: \.pushImage) }
        guard pushes || !registryID.isEmpty else { return services }
        guard !registryID.isEmpty else { throw SlipwayError.invalidInput("image_registry_id is required when an image has push_image true") }
        guard let id = Int64(registryID), let registry = try await store.imageRegistries.get(id: id) else {
            throw SlipwayError.invalidInput("can not find target registry")
        }
        return try services.map { service in
            var service = service
            service.images = try service.images.map { image in
                guard image.pushImage else { return image }
                var image = image
                do {
                    _ = try image.sourceReference()
                    image.targetImage = try image.targetReference(in: registry)
                } catch {
                    throw SlipwayError.invalidInput("service \(service.serviceName): \((error as? SlipwayError)?.detail ?? "\(error)")")
                }
                if let tag = Self.tag(of: image.targetImage) { image.targetImageTag = tag }
                (image.status, image.error) = (DeliveryVersion.imageWaiting, "")
                return image
            }
            return service
        }
    }

    /// The tag a reference names, nil when it names none.
    static func tag(of reference: String) -> String? {
        guard !reference.contains("@"), let last = reference.split(separator: "/").last, let colon = last.lastIndex(of: ":") else { return nil }
        return String(last[last.index(after: colon)...])
    }

    /// Start the task pushing `version`'s images. A task that cannot start fails the version with
    /// the reason (the version is stored either way); the version as it is then.
    func startPush(_ version: DeliveryVersion, by user: User, creating: Bool) async throws -> DeliveryVersion {
        let key = DeliveryVersion.workflowKey(id: version.id)
        let job = JobDefinition(name: DeliveryVersion.pushJobName, type: .deliveryVersion, spec: DeliveryVersionPlan(versionID: version.id).spec)
        let workflow = Workflow(
            key: key, displayName: "version \(version.version)", projectKey: version.projectKey,
            description: "image pushes of delivery version \(version.version)",
            stages: [StageDefinition(name: "delivery", parallel: false, jobs: [job])], createdBy: user.account)
        do {
            var exists = false
            if !creating { exists = try await store.workflows.get(key: key) != nil }
            if !exists { try await store.workflows.create(workflow, by: user.account) }
            _ = try await context.engine.submit(workflow, RunRequest(creator: user.account))
            return version
        } catch {
            var failed = version
            failed.status = DeliveryVersion.failed
            failed.error = "the image push task could not start: \((error as? SlipwayError)?.detail ?? "\(error)")"
            try await store.deliveryVersions.update(failed)
            return failed
        }
    }

    /// Follow the push tasks' ends (registered once, by the composition root).
    package func subscribe() {
        let service = self
        context.events.subscribe { event in
            let task: WorkflowTask
            switch event {
            case .task(let ended, let what) where [.passed, .failed, .timeout, .cancelled, .reject].contains(what): task = ended
            case .taskCancelledWhileWaiting(let cancelled): task = cancelled
            default: return
            }
            guard task.workflowKey.hasPrefix(DeliveryVersion.workflowKey(id: "")) else { return }
            do { try await service.settle(task) } catch {
                service.context.logger.error("delivery version of task \(task.workflowKey)#\(task.taskID) was not settled: \(error)")
            }
        }
    }

    /// A version still `creating` or `retrying` when its last push task has ended (its job never
    /// finished: cancelled, or the server stopped meanwhile) fails with the task's reason.
    func settle(_ task: WorkflowTask) async throws {
        let id = String(task.workflowKey.dropFirst(DeliveryVersion.workflowKey(id: "").count))
        // A workflow of another project named like a version's does not settle that version.
        guard var version = try await store.deliveryVersions.get(id: id), version.projectKey == task.projectKey,
            [DeliveryVersion.creating, DeliveryVersion.retrying].contains(version.status),
            try await store.tasks.unfinished(projectKey: nil, workflowKeys: [task.workflowKey]).isEmpty
        else { return }
        let reason = task.stages.flatMap(\.jobs).map(\.error).first(where: { !$0.isEmpty }) ?? "the image push task ended \(task.status.rawValue)"
        version.status = DeliveryVersion.failed
        version.error = reason
        for (s, i) in version.pushImageIndexes
        where [DeliveryVersion.imageWaiting, DeliveryVersion.imageRunning].contains(version.services[s].images[i].status) {
            (version.services[s].images[i].status, version.services[s].images[i].error) = (DeliveryVersion.failed, reason)
        }
        try await store.deliveryVersions.update(version)
    }
}
