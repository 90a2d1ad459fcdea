import Foundation
import SlipwayEngine
import Testing

/// Which build of the launcher or the init the server takes: the musl one
/// (`scripts/build-sandbox-musl`) while it is current, else SwiftPM's.
@Suite struct SandboxBuildsTests {
    static func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-builds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// An executable file `name` in `directory`, last modified `age` seconds ago.
    static func place(_ name: String, in directory: URL, age: TimeInterval) throws -> String {
        let path = directory.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: path)
        return path
    }

    @Test func theMuslBuildComesFirstUnlessTheOtherIsNewer() throws {
        try Self.withDirectory { directory in
            #expect(SandboxTools.builds(of: "slipway-sandbox", in: directory).isEmpty)
            let plain = try Self.place("slipway-sandbox", in: directory, age: 60)
            #expect(SandboxTools.builds(of: "slipway-sandbox", in: directory) == [plain])
            let musl = try Self.place("slipway-sandbox-musl", in: directory, age: 30)
            #expect(SandboxTools.builds(of: "slipway-sandbox", in: directory) == [musl, plain])
            // `swift build` relinked its own after a change to the sources: the musl build is stale.
            try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: plain)
            #expect(SandboxTools.builds(of: "slipway-sandbox", in: directory) == [plain])
            // Only the musl build: it is the one.
            try FileManager.default.removeItem(atPath: plain)
            #expect(SandboxTools.builds(of: "slipway-sandbox", in: directory) == [musl])
            // A file that is not executable is no build.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: musl)
            #expect(SandboxTools.builds(of: "slipway-sandbox", in: directory).isEmpty)
        }
    }
}
