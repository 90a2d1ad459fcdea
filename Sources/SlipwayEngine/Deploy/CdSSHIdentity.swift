import Foundation

/// The key this server logs in to host server groups with (`PUBLIC_KEY` groups authorize its
/// public half), and the host keys it has seen: `<data>/cd/id_ed25519[.pub]` and
/// `<data>/cd/known_hosts`. The key is made with `ssh-keygen` the first time it is needed; a host
/// is trusted on first use, and a host whose key later changes is refused by ssh.
package struct CdSSHIdentity: Sendable {
    package let directory: URL

    package init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("cd", isDirectory: true)
    }

    package var privateKey: URL { directory.appendingPathComponent("id_ed25519") }
    package var knownHosts: URL { directory.appendingPathComponent("known_hosts") }

    private static let lock = NSLock()

    /// The public key (an `authorized_keys` line), made first if there is none.
    @discardableResult
    package func publicKey() async throws -> String {
        let publicPath = privateKey.path + ".pub"
        try await CdKeyMaker.shared.ensure(publicPath) { [directory, privateKey] in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try? FileManager.default.removeItem(at: privateKey)
            let status: Int32
            do {
                status = try await ProcessRunner().run(
                    "/usr/bin/ssh-keygen", arguments: ["-q", "-t", "ed25519", "-N", "", "-C", "slipway-cd", "-f", privateKey.path],
                    environment: [:], workingDirectory: directory.path
                ) { _ in }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw CdSSHError("cannot run ssh-keygen (install openssh-client): \(error)")
            }
            guard status == 0 else { throw CdSSHError("ssh-keygen failed with status \(status)") }
        }
        return try String(contentsOfFile: publicPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Add the host keys of `file` that are new to the kept ones.
    func keepHostKeys(from file: URL) {
        Self.lock.withLock {
            guard let seen = try? String(contentsOf: file, encoding: .utf8) else { return }
            let kept = (try? String(contentsOf: knownHosts, encoding: .utf8)) ?? ""
            var lines = kept.split(separator: "\n").map(String.init)
            var known = Set(lines)
            for line in seen.split(separator: "\n").map(String.init) where !line.isEmpty && !known.contains(line) {
                lines.append(line)
                known.insert(line)
            }
            try? (lines.joined(separator: "\n") + "\n").write(to: knownHosts, atomically: true, encoding: .utf8)
        }
    }
}

/// Makes each key once, however many deployments ask for it at the same time.
private actor CdKeyMaker {
    static let shared = CdKeyMaker()
    private var making: [String: Task<Void, any Error>] = [:]

    func ensure(_ path: String, make: @escaping @Sendable () async throws -> Void) async throws {
        if FileManager.default.fileExists(atPath: path) { return }
        if let task = making[path] { return try await task.value }
        let task = Task { try await make() }
        making[path] = task
        defer { making[path] = nil }
        try await task.value
    }
}

/// Why a deployment could not reach or prepare its hosts.
struct CdSSHError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
