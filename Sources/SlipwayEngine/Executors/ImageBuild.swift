import Foundation
import SlipwayCore

/// A build's `docker_build` step: `podman build` of the build context in the job's workspace,
/// then `podman push` to the chosen registry, both through the job's execution backend (the
/// sandbox runs them as the job user, with rootless podman).
///
/// Everything podman keeps lives in a private directory of the job (`.image-<random>`): its
/// image storage (vfs), run state and the registry's auth file. The credentials reach podman
/// only through that file (`--authfile`, mode 0600), written after the build script has ended
/// and removed, with the directory, as soon as the push is done.
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
        let files = context.jobDirectory.appendingPathComponent(".image-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: files) }
        let layout: Layout
        do { layout = try Layout(files, registry: request.registry) } catch {
            return JobOutcome(.failed, error: "docker build: cannot prepare podman's files: \(error.localizedDescription)")
        }
        defer {
            unlink(layout.authFile)
            try? FileManager.default.removeItem(atPath: layout.runRoot)
        }
        var build = ["build", "--authfile", layout.authFile, "-f", dockerfile.path, "-t", request.image]
        for argument in request.step.buildArguments { build += ["--build-arg", "\(argument.key)=\(argument.value)"] }
        build.append(contextDirectory.path)
        await context.log("=== docker build \(request.image) ===")
        let built = await podmanStep(podman, layout.global + build, layout: layout, context: context)
        guard built == 0 else { return Self.failure(built, "docker build: podman build of \(request.image) failed") }
        var push = ["push", "--authfile", layout.authFile]
        if request.registry.skipsTLSVerification {
            push.append("--tls-verify=false")
        } else if let certificates = layout.certificates {
            push += ["--cert-dir", certificates]
        }
        await context.log("=== docker push \(request.image) ===")
        let pushed = await podmanStep(podman, layout.global + push + [request.image], layout: layout, context: context)
        guard pushed == 0 else { return Self.failure(pushed, "docker build: pushing \(request.image) to \(request.registry.host) failed") }
        return .passed
    }

    /// podman's exit code, nil when it could not start; -1 when cancelled.
    func podmanStep(_ podman: String, _ arguments: [String], layout: Layout, context: JobContext) async -> Int32? {
        var environment = context.environment
        environment["XDG_RUNTIME_DIR"] = layout.runtime
        environment["TMPDIR"] = layout.temporary
        do {
            return try await backend.run(
                podman, arguments: arguments, environment: environment, workingDirectory: context.workspace.path, context: context,
                placement: context.plan.placement)
        } catch is CancellationError {
            return -1
        } catch {
            await context.log("docker build: could not run podman: \(error)")
            return nil
        }
    }

    static func failure(_ code: Int32?, _ what: String) -> JobOutcome {
        guard let code else { return JobOutcome(.failed, error: "\(what) (podman could not start)") }
        if code == -1 { return JobOutcome(.cancelled) }
        return JobOutcome(.failed, error: "\(what) (podman exited with code \(code))")
    }

    /// The private directory's files and podman's options pointing at them.
    struct Layout {
        let authFile: String
        let runtime: String
        let temporary: String
        let certificates: String?
        let runRoot: String
        let global: [String]

        init(_ directory: URL, registry: ImageRegistry) throws {
            let manager = FileManager.default
            for name in ["storage", "xdg", "tmp"] {
                try manager.createDirectory(
                    at: directory.appendingPathComponent(name), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
            authFile = directory.appendingPathComponent("auth.json").path
            let credentials = Data("\(registry.accessKey):\(registry.secretKey)".utf8).base64EncodedString()
            let auth: [String: Any] = ["auths": [registry.host: ["auth": credentials]]]
            let data = try JSONSerialization.data(withJSONObject: auth)
            guard manager.createFile(atPath: authFile, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            if !registry.skipsTLSVerification, !registry.tlsCert.isEmpty {
                let certificates = directory.appendingPathComponent("certs")
                let hostDirectory = certificates.appendingPathComponent(registry.host)
                try manager.createDirectory(at: hostDirectory, withIntermediateDirectories: true)
                try Data(registry.tlsCert.utf8).write(to: hostDirectory.appendingPathComponent("ca.crt"))
                self.certificates = certificates.path
            } else {
                self.certificates = nil
            }
            runRoot = "/tmp/slipway-image-\(directory.lastPathComponent.suffix(8))"
            runtime = directory.appendingPathComponent("xdg").path
            temporary = directory.appendingPathComponent("tmp").path
            global = [
                // podman refuses a run root longer than 50 characters: a short one in /tmp (the
                // sandbox's own /tmp; on the host it is removed with the job's directory).
                "--root", directory.appendingPathComponent("storage").path, "--runroot", runRoot,
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "none",
                "--tmpdir", directory.appendingPathComponent("tmp").path,
            ]
        }
    }
}
