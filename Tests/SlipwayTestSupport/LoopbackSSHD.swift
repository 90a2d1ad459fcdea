import Foundation
import SlipwayEngine

/// A real OpenSSH server from Debian on loopback, for CD deployments: it listens on 127.0.0.1 and
/// 127.0.0.2 (two hosts) on a free port, with a host key of its own, and lets the current user
/// log in with the keys given. It runs as a daemon (its pid in the pid file), so no test process
/// waits on it; `stop()` ends it.
package struct LoopbackSSHD: Sendable {
    package let port: Int
    package let directory: URL
    /// The login the deployments use: the user running the tests.
    package let user: String
    /// Whether users may also log in with their password (`PASSWORD` host groups).
    package var passwords = false

    package static let hosts = ["127.0.0.1", "127.0.0.2"]

    package static func start(authorizedKeys: [String], passwords: Bool = false) async throws -> LoopbackSSHD {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sshd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKey = directory.appendingPathComponent("host_ed25519").path
        try await run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey], in: directory)
        try (authorizedKeys.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("authorized_keys"), atomically: true, encoding: .utf8)
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
        for _ in 0..<20 {
            let server = LoopbackSSHD(port: Int.random(in: 20_000...45_000), directory: directory, user: user, passwords: passwords)
            let configPath = directory.appendingPathComponent("sshd_config").path
            try server.config(hostKey: hostKey).write(toFile: configPath, atomically: true, encoding: .utf8)
            try? await run("/usr/sbin/sshd", ["-f", configPath], in: directory)
            if await server.listening() { return server }
            server.stop(removing: false)
        }
        try? FileManager.default.removeItem(at: directory)
        throw SSHDError(message: "sshd did not start listening on loopback")
    }

    func config(hostKey: String) -> String {
        """
        Port \(port)
        \(Self.hosts.map { "ListenAddress \($0)" }.joined(separator: "\n"))
        HostKey \(hostKey)
        AuthorizedKeysFile \(directory.path)/authorized_keys
        PermitRootLogin prohibit-password
        PasswordAuthentication \(passwords ? "yes" : "no")
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        PidFile \(pidFile)
        """
    }

    var pidFile: String { directory.appendingPathComponent("sshd.pid").path }

    package func stop(removing: Bool = true) {
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
            kill(pid, SIGTERM)
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        if removing { try? FileManager.default.removeItem(at: directory) }
    }

    static func run(_ executable: String, _ arguments: [String], in directory: URL) async throws {
        let status = try await ProcessRunner().run(executable, arguments: arguments, environment: [:], workingDirectory: directory.path) { _ in }
        guard status == 0 else { throw SSHDError(message: "\(executable) failed: \(status)") }
    }

    /// Whether both loopback hosts accept connections on the port (5 s at most).
    func listening() async -> Bool {
        for _ in 0..<50 {
            if Self.hosts.allSatisfy({ Self.accepts(host: $0, port: port) }) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    static func accepts(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

package struct SSHDError: Error, CustomStringConvertible {
    package let message: String

    package init(message: String) { self.message = message }
    package var description: String { message }
}
