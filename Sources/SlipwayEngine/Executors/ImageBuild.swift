import Foundation
import SlipwayCore

/// A build's `docker_build` step: `podman build` of the build context in the job's workspace,
/// then `podman push` to the chosen registry, both through the job's execution backend (the
/// sandbox runs them as the job user, with rootless podman).
///
/// Everything podman keeps lives in a private directory of the job (`PodmanFiles`): its image
/// storage (vfs), run state and the registry's auth file. The credentials reach podman only
/// through that file (`--authfile`, mode 0600), written after the build script has ended and
/// removed, with the directory, as soon as the push is done.
struct ImageBuild: Sendable {
    let backend: any ExecutionBackend
    /// podman's absolute path; nil when it is not installed.
    var podman: String? = SandboxTools.locate("podman")

    struct Request: Sendable {
        var step: DockerBuildStep
        /// `host/namespace/name:tag`.
        var image: String
        var registry: ImageRegistry
    }

    func run(_ request: Request, context: JobContext) async -> JobOutcome {
        guard let podman else { return JobOutcome(.failed, error: "docker build: podman is not installed (apt-get install podman)") }
        let workspace = context.workspace
        let contextDirectory = request.step.workDirectory.isEmpty ? workspace : workspace.appendingPathComponent(request.step.workDirectory)
        let dockerfile = workspace.appendingPathComponent(request.step.dockerfilePath)
        for path in [contextDirectory, dockerfile] where !JobFiles.isConfined(path, to: context.jobDirectory) {
            return JobOutcome(.failed, error: "docker build: \(path.lastPathComponent) is outside the job's workspace")
        }
        guard FileManager.default.fileExists(atPath: dockerfile.path) else {
            return JobOutcome(.failed, error: "docker build: the Dockerfile \(request.step.dockerfilePath) was not found in the workspace")
        }
        let files: PodmanFiles
        do { files = try PodmanFiles(in: context.jobDirectory, registries: [request.registry]) } catch {
            return JobOutcome(.failed, error: "docker build: cannot prepare podman's files: \(error.localizedDescription)")
        }
        defer { files.remove() }
        var build = ["build", "--authfile", files.authFile, "-f", dockerfile.path, "-t", request.image]
        for argument in request.step.buildArguments { build += ["--build-arg", "\(argument.key)=\(argument.value)"] }
        build.append(contextDirectory.path)
        await context.log("=== docker build \(request.image) ===")
        let built = await files.run(podman, build, backend: backend, context: context, what: "docker build")
        guard built == 0 else {
            var outcome = Self.failure(built, "docker build: podman build of \(request.image) failed")
            if outcome.status == .failed, let line = Self.runInstruction(dockerfile) { outcome.error += Self.runLimitation(line: line) }
            return outcome
        }
        let push = ["push", "--authfile", files.authFile] + files.tlsOptions(host: request.registry.host) + [request.image]
        await context.log("=== docker push \(request.image) ===")
        let pushed = await files.run(podman, push, backend: backend, context: context, what: "docker build")
        guard pushed == 0 else { return Self.failure(pushed, "docker build: pushing \(request.image) to \(request.registry.host) failed") }
        return .passed
    }

    /// The line of the Dockerfile's first `RUN` instruction (read up to 1 MiB), nil when it has
    /// none. The job may have swapped the file for a link or a FIFO since it was checked: neither
    /// is followed nor waited on.
    static func runInstruction(_ dockerfile: URL) -> Int? {
        guard let bytes = JobFiles.readRegularFile(dockerfile.path, limit: 1 << 20) else { return nil }
        return DockerBuildStep.firstRunInstruction(in: String(decoding: bytes, as: UTF8.self))
    }

    /// Why a `RUN` instruction cannot run inside the job sandbox (podman 4.3 with buildah 1.28, as
    /// Debian 12 ships them): the job user gets only a single-ID user namespace (`newuidmap` cannot
    /// raise privileges under `no_new_privs`). runc then finds no cgroup mount and may not mount a
    /// `/proc` over the sandbox's partly covered one; buildah's chroot isolation calls `setgroups`,
    /// which such a namespace denies (fixed in buildah 1.45).
    static func runLimitation(line: Int) -> String {
        "; its RUN instruction (line \(line)) cannot run inside the job sandbox: rootless podman there has a single-ID user"
            + " namespace, where runc finds no cgroups and no mountable /proc and buildah's chroot isolation cannot set"
            + " supplemental groups; build images here from FROM/COPY/ADD/ARG/ENV/LABEL instructions"
    }

    static func failure(_ code: Int32?, _ what: String) -> JobOutcome {
        if code == -1 { return JobOutcome(.cancelled) }
        return JobOutcome(.failed, error: PodmanFiles.failure(code, what))
    }
}
