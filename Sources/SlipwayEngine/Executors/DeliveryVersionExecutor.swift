import Foundation
import SlipwayCore
import SlipwayStore

/// Runs `zadig-delivery-version` jobs: copies each `push_image` image of a Zadig delivery version
/// that is not pushed yet from its source to its target in the version's registry, with rootless
/// podman through the job's execution backend (as a build's `docker_build` step runs): `pull`,
/// `tag`, `push`, with the credentials of the target registry and of any registered registry on the
/// source's host in a 0600 auth file (`PodmanFiles`). Each image's `status` and `error` are stored
/// as it goes; the version ends `success` when every image is pushed, else `failed`.
package struct DeliveryVersionExecutor: JobExecutor {
    let store: Store
    let backend: any ExecutionBackend
    /// podman's absolute path; nil when it is not installed.
    var podman: String? = SandboxTools.locate("podman")

    package init(store: Store, backend: any ExecutionBackend) {
        self.store = store
        self.backend = backend
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .deliveryVersion(let plan) = context.plan else { return .wrongPlan(context) }
        let found: DeliveryVersion?
        do { found = try await store.deliveryVersions.get(id: plan.versionID) } catch {
            return JobOutcome(.failed, error: "delivery version \(plan.versionID) could not be read: \(error)")
        }
        guard var version = found, version.projectKey == context.projectKey else {
            return JobOutcome(.failed, error: "delivery version \(plan.versionID) not found in project \(context.projectKey)")
        }
        let (outcome, failures) = await push(&version, context: context)
        let total = version.pushImageIndexes.count
        version.status = failures == 0 && outcome.status == .passed ? DeliveryVersion.success : DeliveryVersion.failed
        version.error = failures == 0 ? outcome.error : "\(failures) of \(total) image(s) failed to push"
        await save(version, context: context)
        if outcome.status != .passed { return outcome }
        return failures == 0 ? .passed : JobOutcome(.failed, error: version.error)
    }

    /// Pushes the version's images not pushed yet; how the job ended and how many images failed.
    func push(_ version: inout DeliveryVersion, context: JobContext) async -> (JobOutcome, Int) {
        let pending = version.pushImageIndexes.filter { version.services[$0.service].images[$0.image].status != DeliveryVersion.success }
        func failAll(_ error: String) -> (JobOutcome, Int) {
            for (s, i) in pending { (version.services[s].images[i].status, version.services[s].images[i].error) = (DeliveryVersion.failed, error) }
            return (JobOutcome(.failed, error: error), pending.count)
        }
        guard let podman else { return failAll("podman is not installed (apt-get install podman)") }
        let registries: [ImageRegistry]
        do { registries = try await store.imageRegistries.list() } catch { return failAll("the image registries could not be read: \(error)") }
        guard let target = registries.first(where: { String($0.id) == version.imageRegistryID }) else {
            return failAll("image registry \(version.imageRegistryID) not found")
        }
        let sourceHosts = Set(pending.map { PodmanFiles.host(of: version.services[$0.service].images[$0.image].sourceImage) })
        let files: PodmanFiles
        do {
            files = try PodmanFiles(in: context.jobDirectory, registries: [target] + registries.filter { sourceHosts.contains($0.host) })
        } catch {
            return failAll("cannot prepare podman's files: \(error.localizedDescription)")
        }
        defer { files.remove() }
        var failures = 0
        for (number, (s, i)) in pending.enumerated() {
            version.services[s].images[i].status = DeliveryVersion.imageRunning
            version.services[s].images[i].error = ""
            await save(version, context: context)
            let result = await copy(version.services[s].images[i], podman: podman, files: files, context: context)
            if result == .cancelled {
                for (s, i) in pending.dropFirst(number) {
                    (version.services[s].images[i].status, version.services[s].images[i].error) = (DeliveryVersion.failed, "cancelled")
                }
                return (JobOutcome(.cancelled, error: "cancelled"), failures + pending.count - number)
            }
            if case .failed(let reason) = result {
                (version.services[s].images[i].status, version.services[s].images[i].error) = (DeliveryVersion.failed, reason)
                failures += 1
            } else {
                (version.services[s].images[i].status, version.services[s].images[i].error) = (DeliveryVersion.success, "")
            }
        }
        return (.passed, failures)
    }

    /// How one image's copy ended.
    enum CopyResult: Equatable {
        case pushed, cancelled
        case failed(String)
    }

    /// Pull, tag and push one image.
    func copy(_ image: DeliveryVersion.Image, podman: String, files: PodmanFiles, context: JobContext) async -> CopyResult {
        let source: String
        do { source = try image.sourceReference() } catch { return .failed(error.detail) }
        let target = image.targetImage
        if let problem = ContainerImageReference.problem(target) { return .failed("target_image \(target.prefix(80).debugDescription): \(problem)") }
        let targetHost = PodmanFiles.host(of: target)
        await context.log("=== \(image.containerName): \(source) → \(target) ===")
        let steps: [(arguments: [String], what: String)] = [
            (["pull", "--authfile", files.authFile] + files.tlsOptions(host: PodmanFiles.host(of: source)) + [source], "pulling \(source) failed"),
            (["tag", source, target], "tagging \(source) as \(target) failed"),
            (["push", "--authfile", files.authFile] + files.tlsOptions(host: targetHost) + [target], "pushing \(target) to \(targetHost) failed"),
        ]
        for step in steps {
            let code = await files.run(podman, step.arguments, backend: backend, context: context, what: "delivery version")
            if code == -1 { return .cancelled }
            guard code == 0 else { return .failed(PodmanFiles.failure(code, step.what)) }
        }
        await context.log("pushed \(target)")
        return .pushed
    }

    /// Stores the version's statuses; a failed write is logged (the task event settles the version).
    func save(_ version: DeliveryVersion, context: JobContext) async {
        do { try await store.deliveryVersions.update(version) } catch {
            await context.log("delivery version \(version.version): its status could not be stored: \(error)")
        }
    }
}
