import Foundation

/// A tiny OCI image built during the test run, nothing downloaded: busybox-static's binary and
/// applet links as the root filesystem, imported with `podman import`.
package enum TinyImage {
    /// The image the container tests run in.
    package static let reference = "localhost/slipway-test-busybox:1"
    static let applets = ["sh", "echo", "cat", "sleep", "ls", "true", "false", "id", "env", "touch", "mkdir", "rm", "test", "[", "printf", "seq", "grep", "wc"]

    /// podman's path, nil when it is not installed (scripts/test installs it).
    package static let podman = ["/usr/bin/podman", "/usr/local/bin/podman", "/bin/podman"].first { FileManager.default.isExecutableFile(atPath: $0) }
    package static let available = podman != nil && FileManager.default.isExecutableFile(atPath: "/bin/busybox")
    package static let skipReason = "podman or busybox-static is not installed (scripts/test installs them)"

    private static let built = Task<Void, any Error> {
        let archive = try rootFilesystemArchive()
        defer { try? FileManager.default.removeItem(at: archive.deletingLastPathComponent()) }
        let result = try podmanCommand(["import", "-q", "--", archive.path, reference])
        guard result.status == 0 else { throw TinyImageError("podman import failed: \(result.output)") }
    }

    /// Builds (once per test run) and returns the image reference.
    package static func ensure() async throws -> String {
        try await built.value
        return reference
    }

    /// A tar of a busybox root filesystem in a fresh temporary directory.
    package static func rootFilesystemArchive(named name: String = "rootfs") throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-image-\(UUID().uuidString)")
        let root = work.appendingPathComponent("root")
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: bin.appendingPathComponent("busybox").path)
        for applet in applets { try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(applet).path, withDestinationPath: "busybox") }
        for directory in ["tmp", "etc", "proc", "dev"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let archive = work.appendingPathComponent("\(name).tar")
        let tar = try run("/usr/bin/tar", ["-C", root.path, "-cf", archive.path, "."])
        guard tar.status == 0 else { throw TinyImageError("tar failed: \(tar.output)") }
        return archive
    }

    /// Run podman to the end; its status and merged output.
    @discardableResult
    package static func podmanCommand(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run(podman ?? "podman", arguments)
    }

    /// The containers carrying `label` (`key=value`), as `podman ps -a` lists them.
    package static func containers(label: String) throws -> [String] {
        try podmanCommand(["ps", "-a", "-q", "--filter", "label=\(label)"]).output.split(separator: "\n").map(String.init)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // A file, not a pipe: a detached container's monitor keeps the descriptors it inherits.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-podman-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: file), as: UTF8.self))
    }
}

/// The tiny image could not be built.
package struct TinyImageError: Error, CustomStringConvertible {
    package let description: String

    init(_ description: String) {
        self.description = description
    }
}
