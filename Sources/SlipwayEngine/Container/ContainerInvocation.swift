import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `podman run` command line and podman's own environment for one job command.
///
/// The job's variables reach the container as `--env NAME` (podman copies the value from its own
/// environment), so no value ever appears on a command line. Names podman itself or the dynamic
/// loader would read (`LD_*`, `CONTAINERS_*`, `XDG_*`, proxies, …) never enter podman's
/// environment: they go through a private `--env-file` instead, and podman keeps the server's.
struct ContainerInvocation {
    /// Arguments after the podman executable.
    var arguments: [String]
    /// podman's process environment: the server's podman settings plus the job's plain variables.
    var environment: [String: String]
    /// `NAME=value` lines for the `--env-file` (names podman would read itself); empty for none.
    var envFileLines: [String]

    /// Variables the container sets itself (its image's `PATH`, the private `/tmp` as home).
    static let ownVariables: Set<String> = ["PATH", "HOME", "TMPDIR", "USER", "LOGNAME", "HOSTNAME", "PWD", "SHLVL", "TERM"]
    /// Prefixes of variables podman, its helpers or the dynamic loader read from their environment.
    static let podmanPrefixes = [
        "LD_", "CONTAINERS_", "CONTAINER_", "XDG_", "STORAGE_", "BUILDAH_", "PODMAN_", "DOCKER_", "REGISTRY_", "GO", "_",
        "DBUS_", "SSH_", "SSL_", "NOTIFY_", "RUNC_", "CRUN_", "CONMON_", "NETAVARK_", "AARDVARK_", "CNI_", "OCI_", "SLIRP",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    ]

    static func isPodmanVariable(_ name: String) -> Bool {
        podmanPrefixes.contains { name.hasPrefix($0) }
    }

    /// A name a process environment can carry and podman's `--env` reads as a name only.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), first != "-" else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)
        }
    }

    /// The server's own variables podman needs (where its configuration, storage and runtime are).
    static func podmanEnvironment(server: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = server.filter { isPodmanVariable($0.key) || ["PATH", "HOME", "TMPDIR"].contains($0.key) }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        return environment
    }

    /// Split the job's variables into podman's environment (with `--env NAME` options) and
    /// `--env-file` lines. A value podman would read that holds a line break cannot be passed.
    static func variables(_ job: [String: String], server: [String: String]) throws -> (environment: [String: String], options: [String], fileLines: [String]) {
        var environment = server
        var options: [String] = []
        var fileLines: [String] = []
        for (name, value) in job.sorted(by: { $0.key < $1.key }) where isVariableName(name) && !ownVariables.contains(name) {
            if isPodmanVariable(name) {
                guard !value.contains("\n"), !value.contains("\r") else {
                    throw ContainerUnavailable("variable \(name) holds a line break and cannot be passed into a container under that name")
                }
                fileLines.append("\(name)=\(value)")
            } else {
                environment[name] = value
                options += ["--env", name]
            }
        }
        return (environment, options, fileLines)
    }

    /// A label value: printable, bounded.
    static func labelValue(_ text: String?) -> String {
        String((text ?? "").unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "=" }.prefix(128).map(Character.init))
    }

    /// `soft:hard` for `--ulimit`, both at `wanted` capped by the server's hard limit (podman
    /// cannot raise a limit beyond it, and `--ulimit host` fails on this kind of machine).
    static func ulimit(_ resource: __rlimit_resource, wanted: Int?) -> String {
        var limit = rlimit()
        var hard = getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0 ? UInt64(limit.rlim_max) : 1024
        if hard == UInt64.max { hard = 1 << 20 }
        let value = min(wanted.map { UInt64(max($0, 1)) } ?? hard, hard)
        return "\(value):\(value)"
    }

    /// podman's `--init` helper, when installed (it forwards signals and reaps zombies).
    static let initHelper: String? = ["/usr/libexec/podman/catatonit", "/usr/bin/catatonit", "/usr/local/libexec/podman/catatonit"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// In an image, a script meant for bash runs with bash when the image has it, else with `sh`.
    static func entrypoint(_ executable: String, _ arguments: [String]) -> [String] {
        guard executable == "/bin/bash" else { return [executable] + arguments }
        return ["/bin/sh", "-c", #"if command -v bash >/dev/null 2>&1; then exec bash "$@"; fi; exec sh "$@""#, "sh"] + arguments
    }
}
