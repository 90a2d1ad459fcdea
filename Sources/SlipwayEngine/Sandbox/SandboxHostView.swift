import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What of the host a sandbox shows: the system directories read-only (programs, libraries,
/// `/etc`), nothing else: no `/home`, `/root`, `/srv`, `/var`, `/mnt`, nor the server's own
/// directories. Every other path inside is a directory bubblewrap makes in its empty root.
///
/// Fewer mounts also make sandboxes cheaper: each mount a sandbox copies or makes takes the
/// kernel's mount locks, which parallel jobs contend for.
package struct SandboxHostView: Sendable {
    /// Host directories bound read-only at their own place; `["/"]` shows the whole host.
    let bound: [String]
    /// Merged-`/usr` links (`/bin` → `usr/bin` …), made again inside as the same links.
    let links: [Link]
    /// A device directory made once (`null`, `zero`, `full`, `random`, `urandom`, `tty`, and
    /// `shm` linking to the private `/tmp`), bound as `/dev` with one mount instead of the
    /// dozen `--dev` makes. nil mounts a fresh `/dev` (a server that is not root cannot make
    /// device nodes; a data directory mounted `nodev` cannot serve them).
    let devices: String?

    struct Link: Sendable, Equatable {
        let path: String
        let target: String
    }

    /// The system directories shown by default, when they exist.
    package static let systemPaths = ["/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]

    /// The view of `paths` (nil: the whole host), with the devices made under `deviceDirectory`
    /// when `makeDevices`.
    init(paths: [String]?, deviceDirectory: URL, makeDevices: Bool) {
        var bound: [String] = []
        var links: [Link] = []
        for path in paths ?? ["/"] {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                links.append(Link(path: path, target: target))
            } else if info.st_mode & S_IFMT == S_IFDIR {
                bound.append(path)
            }
        }
        // A resolver configuration linking elsewhere (`/run/systemd/resolve/…`) must resolve inside too.
        let resolver = URL(fileURLWithPath: "/etc/resolv.conf").resolvingSymlinksInPath().deletingLastPathComponent().path
        if paths != nil, bound.contains("/etc"), !Self.covers(bound, resolver), FileManager.default.fileExists(atPath: resolver) {
            bound.append(resolver)
        }
        self.bound = bound
        self.links = links
        self.devices = makeDevices ? Self.makeDeviceDirectory(deviceDirectory) : nil
    }

    /// Whether `path` is shown from the host (so it needs hiding when it is secret).
    func shows(_ path: String) -> Bool { Self.covers(bound, path) }

    static func covers(_ roots: [String], _ path: String) -> Bool {
        roots.contains { $0 == "/" || path == $0 || path.hasPrefix($0 + "/") }
    }

    /// bubblewrap's options for the view, `/dev` and `/proc` included.
    var arguments: [String] {
        var arguments: [String] = []
        for path in bound { arguments += ["--ro-bind", path, path] }
        for link in links { arguments += ["--symlink", link.target, link.path] }
        if let devices { arguments += ["--dev-bind", devices, "/dev"] } else { arguments += ["--dev", "/dev"] }
        arguments += ["--proc", "/proc"]
        if !shows("/var") { arguments += ["--perms", "0755", "--dir", "/var", "--symlink", "/tmp", "/var/tmp"] }
        return arguments
    }

    /// The device directory under `directory`, made (again) owned by root and closed to others
    /// for writing; nil when a node cannot be made or opened there.
    static func makeDeviceDirectory(_ directory: URL) -> String? {
        let path = directory.path
        let nodes: [(name: String, major: UInt32, minor: UInt32)] = [
            ("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0),
        ]
        let links = [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"), ("shm", "/tmp")]
        do {
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard chmod(path, 0o755) == 0 else { return nil }
            for node in nodes {
                guard mknod("\(path)/\(node.name)", S_IFCHR | 0o666, deviceNumber(node.major, node.minor)) == 0,
                    chmod("\(path)/\(node.name)", 0o666) == 0
                else { return nil }
            }
            for (name, target) in links { try FileManager.default.createSymbolicLink(atPath: "\(path)/\(name)", withDestinationPath: target) }
        } catch {
            return nil
        }
        // A file system mounted `nodev` keeps the nodes but refuses to open them.
        let probe = open("\(path)/null", O_WRONLY)
        guard probe >= 0 else { return nil }
        close(probe)
        return path
    }

    /// Linux's `makedev`, which C declares as a macro.
    static func deviceNumber(_ major: UInt32, _ minor: UInt32) -> dev_t {
        let major = UInt64(major)
        let minor = UInt64(minor)
        return dev_t(((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff))
    }
}
