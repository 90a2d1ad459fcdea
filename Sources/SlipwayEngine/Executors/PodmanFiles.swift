import Foundation
import SlipwayCore

/// The private files podman keeps for one job step, in a directory of the job
/// (`.image-<random>`): its image storage (vfs), run state, temporary files, the registries' auth
/// file (`--authfile`, mode 0600, the only place their credentials reach podman; registries given
/// first win a host or namespace shared with later ones) and, per
/// registry host with a `tls_cert`, a certificate directory holding it as `ca.crt`
/// (`--cert-dir`, which podman reads as one registry's directory of `*.crt` files).
struct PodmanFiles {
    let directory: URL
    let authFile: String
    let runtime: String
    let temporary: String
    let runRoot: String
    /// podman's global options pointing at these files.
    let global: [String]
    /// Registry hosts spoken to over plain HTTP or without checking TLS.
    let insecureHosts: Set<String>
    /// Per registry host, the directory holding its CA certificate.
    let certificateDirectories: [String: String]

    /// Makes the directory in `jobDirectory`, with credentials for `registries`.
    init(in jobDirectory: URL, registries: [ImageRegistry]) throws {
        let directory = jobDirectory.appendingPathComponent(".image-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
        self.directory = directory
        let manager = FileManager.default
        for name in ["storage", "xdg", "tmp"] {
            try manager.createDirectory(
                at: directory.appendingPathComponent(name), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        authFile = directory.appendingPathComponent("auth.json").path
        var auths: [String: Any] = [:]
        var insecure: Set<String> = []
        var certificates: [String: String] = [:]
        for (index, registry) in registries.enumerated() {
            // Keyed by `host/namespace` (podman picks the longest match for a reference), and by
            // the bare host for the first registry on that host (images outside its namespaces).
            let auth = ["auth": Data("\(registry.accessKey):\(registry.secretKey)".utf8).base64EncodedString()]
            for key in ["\(registry.host)/\(registry.namespace)", registry.host] where auths[key] == nil { auths[key] = auth }
            guard !insecure.contains(registry.host), certificates[registry.host] == nil else { continue }
            if registry.skipsTLSVerification {
                insecure.insert(registry.host)
            } else if !registry.tlsCert.isEmpty {
                let hostDirectory = directory.appendingPathComponent("certs/\(index)")
                try manager.createDirectory(at: hostDirectory, withIntermediateDirectories: true)
                try Data(registry.tlsCert.utf8).write(to: hostDirectory.appendingPathComponent("ca.crt"))
                certificates[registry.host] = hostDirectory.path
            }
        }
        let data = try JSONSerialization.data(withJSONObject: ["auths": auths])
        guard manager.createFile(atPath: authFile, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        insecureHosts = insecure
        certificateDirectories = certificates
        runRoot = "/tmp/slipway-image-\(directory.lastPathComponent.suffix(8))"
        runtime = directory.appendingPathComponent("xdg").path
        temporary = directory.appendingPathComponent("tmp").path
        global = [
            // podman refuses a run root longer than 50 characters: a short one in /tmp (the
            // sandbox's own /tmp; on the host it is removed with the job's directory).
            "--root", directory.appendingPathComponent("storage").path, "--runroot", runRoot,
            "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "none",
            "--tmpdir", temporary,
        ]
    }

    /// The options to pull from or push to `host`: no TLS check for an insecure registry, its CA
    /// for one with a certificate, else the system's CAs.
    func tlsOptions(host: String) -> [String] {
        if insecureHosts.contains(host) { return ["--tls-verify=false"] }
        if let certificates = certificateDirectories[host] { return ["--cert-dir", certificates] }
        return []
    }

    /// Removes the auth file first, then everything else.
    func remove() {
        unlink(authFile)
        try? FileManager.default.removeItem(atPath: runRoot)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The registry host an image reference names (`docker.io` when its first component is no host).
    static func host(of reference: String) -> String {
        let first = String(reference.prefix { $0 != "/" })
        guard reference.contains("/"), first.contains(".") || first.contains(":") || first == "localhost" else { return "docker.io" }
        return first
    }

    /// Runs podman with `arguments` after the global options through `backend`, as the job
    /// runs its processes: its exit code, nil when it could not start, -1 when cancelled.
    func run(_ podman: String, _ arguments: [String], backend: any ExecutionBackend, context: JobContext, what: String) async -> Int32? {
        var environment = context.environment
        environment["XDG_RUNTIME_DIR"] = runtime
        environment["TMPDIR"] = temporary
        do {
            return try await backend.run(
                podman, arguments: global + arguments, environment: environment, workingDirectory: context.workspace.path, context: context,
                placement: context.plan.placement)
        } catch is CancellationError {
            return -1
        } catch {
            await context.log("\(what): could not run podman: \(error)")
            return nil
        }
    }

    /// Why a podman step failed, as `what` plus how podman ended.
    static func failure(_ code: Int32?, _ what: String) -> String {
        guard let code else { return "\(what) (podman could not start)" }
        return "\(what) (podman exited with code \(code))"
    }
}
