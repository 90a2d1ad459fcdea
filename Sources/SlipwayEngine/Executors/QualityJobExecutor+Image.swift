import Foundation
import SlipwayCore

/// A build's `post_build.docker_build` step: the image it makes (`host/namespace/name:tag`, also
/// the build script's `$IMAGE`) and the registry it goes to, chosen by the job. The reference
/// pushed becomes the job's `IMAGE` output (shown as the build job's image in the task).
extension QualityJobExecutor {
    /// The step `build` asks for with its image and registry, nil when it asks for none.
    func imageBuild(of build: BuildDefinition, target: QualityJobTarget, context: JobContext) async throws -> ImageBuild.Request? {
        let step: DockerBuildStep?
        do { step = try DockerBuildStep(postBuild: build.extras["post_build"] ?? .null) } catch {
            throw QualityJobFailure("build \(build.name): \(error.detail)")
        }
        guard let step else { return nil }
        guard case .zadigBuild(let plan) = context.plan else { return nil }
        let registry: ImageRegistry
        do {
            registry = try ImageRegistry.chosen(from: try await store.imageRegistries.list(), id: plan.registryID, name: plan.registry)
        } catch let error as SlipwayError {
            throw QualityJobFailure("build \(build.name): docker build: \(error.detail)")
        }
        let wanted = target.imageName.isEmpty ? (target.serviceModule.isEmpty ? build.name : target.serviceModule) : target.imageName
        guard let name = ImageRegistry.imageName(from: wanted) else {
            throw QualityJobFailure("build \(build.name): docker build: \(wanted.debugDescription) cannot name an image")
        }
        let image = registry.imageReference(name: name, tag: ImageRegistry.defaultTag(taskID: context.taskID))
        if let problem = ContainerImageReference.problem(image) {
            throw QualityJobFailure("build \(build.name): docker build: image \(image.prefix(80).debugDescription): \(problem)")
        }
        return ImageBuild.Request(step: step, image: image, registry: registry)
    }

    /// Build and push the image, then record it as the job's `IMAGE` output.
    func buildImage(_ request: ImageBuild.Request, context: JobContext) async -> JobOutcome {
        let outcome = await ImageBuild(backend: backend).run(request, context: context)
        guard outcome.status == .passed else { return outcome }
        await context.log("docker build: pushed \(request.image)")
        do {
            try Data(request.image.utf8).write(to: context.outputsDirectory.appendingPathComponent("IMAGE"))
        } catch {
            return JobOutcome(.failed, error: "docker build: cannot record the image as the job's output: \(error.localizedDescription)")
        }
        return .passed
    }
}
