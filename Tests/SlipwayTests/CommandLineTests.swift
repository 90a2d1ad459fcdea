import Foundation
import Testing

/// The command line matches the README (issue 10, point 8): `--version`, `--max-running-tasks`,
/// and admin commands that refuse a data directory holding no store.
@Suite struct CommandLineTests {
    @Test func versionFlag() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let result = try await ServerProcess.run(["--version"])
        #expect(result.code == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(result.output)")
    }

    @Test func adminRefusesADataDirectoryWithoutAStore() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let typo = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-typo-\(UUID().uuidString)").path
        for arguments in [["admin", "user", "list"], ["admin", "user", "add", "bob"], ["admin", "plugin", "list"]] {
            let result = try await ServerProcess.run(arguments + ["--data-dir", typo])
            #expect(result.code != 0, "\(arguments)")
            #expect(result.output.contains("no Slipway store"), "\(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: typo), "nothing is created")
    }

    @Test func maxRunningTasksFlagIsAccepted() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let server = try ServerProcess(["serve", "--port", "0", "--max-running-tasks", "3", "--data-dir", dataDir])
        _ = try await server.waitFor("listening on http://127.0.0.1:[0-9]+")
        #expect(!server.text.contains("Unknown option"))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit(seconds: 15))
    }
}
