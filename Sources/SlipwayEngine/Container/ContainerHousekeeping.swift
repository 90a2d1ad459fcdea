import Foundation

/// What one server's container backend does once: remove the containers a previous run of the
/// server left (a crash, `kill -9`), and load the image archives the first time a job asks for an
/// image that is not present.
actor ContainerHousekeeping {
    let podman: Podman
    let owner: String
    let archives: URL?
    private var leftovers: Task<Void, Never>?
    private var archivesLoaded = false
    /// Images known to be present (no need to look again).
    private var present: Set<String> = []

    init(podman: Podman, owner: String, archives: URL?) {
        self.podman = podman
        self.owner = owner
        self.archives = archives
    }

    /// Start removing leftovers now; `ready` waits for it.
    func start() {
        guard leftovers == nil else { return }
        let podman = self.podman, owner = self.owner
        leftovers = Task.detached { await Self.removeLeftovers(podman: podman, owner: owner) }
    }

    /// Waits until the leftovers of an earlier run are gone.
    func ready() async {
        start()
        await leftovers?.value
    }

    /// Every container labelled as this server's (its data directory) goes.
    static func removeLeftovers(podman: Podman, owner: String) async {
        guard let listed = try? await podman.output(["ps", "-a", "-q", "--filter", "label=\(ContainerLabel.owner)=\(owner)"]),
            listed.status == 0
        else { return }
        let ids = listed.lines.filter { !$0.isEmpty }
        if !ids.isEmpty { _ = try? await podman.output(["rm", "-f", "-t", "0", "--"] + ids) }
    }

    /// Make sure `image` can be found: when it is not present and an archive directory is set,
    /// load every archive there (once per server run). Images not found afterwards are pulled by
    /// `podman run --pull missing`.
    func provide(_ image: String) async {
        guard let archives, !archivesLoaded, !present.contains(image) else { return }
        if (try? await podman.output(["image", "exists", "--", image]))?.status == 0 {
            present.insert(image)
            return
        }
        archivesLoaded = true
        let files = (try? FileManager.default.contentsOfDirectory(at: archives, includingPropertiesForKeys: nil)) ?? []
        for file in files.filter({ $0.pathExtension == "tar" }).sorted(by: { $0.path < $1.path }) {
            if (try? await podman.output(["load", "-q", "-i", file.path]))?.status == 0 { continue }
            let name = file.deletingPathExtension().lastPathComponent.lowercased()
            guard ContainerImageName.isPlain(name) else { continue }
            _ = try? await podman.output(["import", "-q", "--", file.path, "localhost/\(name):latest"])
        }
    }
}

/// The name a root filesystem archive is imported under.
enum ContainerImageName {
    /// Lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    static func isPlain(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return name.count <= 128
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }
}

/// Short podman commands the backend runs besides `podman run` (listing, removing, loading).
struct Podman: Sendable {
    let executable: String
    let runner: ProcessRunner

    /// Run `podman arguments…` to the end, whatever cancels the caller; its exit status and output lines.
    func output(_ arguments: [String]) async throws -> (status: Int32, lines: [String]) {
        let executable = self.executable, runner = self.runner
        return try await Task.detached {
            let lines = LineCollector()
            let status = try await runner.run(
                executable, arguments: arguments, environment: ContainerInvocation.podmanEnvironment(), workingDirectory: "/",
                onLine: { await lines.append($0) })
            return (status, await lines.lines)
        }.value
    }

    /// Remove the container `name` at once (`rm -f -t 0`); fine when it is already gone.
    func remove(_ name: String) async {
        _ = try? await output(["rm", "-f", "-t", "0", "--ignore", "--", name])
    }
}

/// Lines gathered from a command's output.
actor LineCollector {
    private(set) var lines: [String] = []

    func append(_ line: String) { lines.append(line) }
}
