import Foundation
import Testing

/// The built binary, as a new user runs it: first start prints a token, the seed's curl works,
/// the admin CLI manages users, SIGTERM shuts down gracefully, a restart keeps everything.
@Suite(.serialized) struct EndToEndTests {
    @Test func firstStartAdminCLIAndGracefulShutdown() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")

        let server = try ServerProcess(["serve", "--port", "0", "--data-dir", dataDir])
        let tokenLine = try await server.waitFor("SLIPWAY_ADMIN_TOKEN=[A-Za-z0-9_-]+")
        let token = String(tokenLine.dropFirst("SLIPWAY_ADMIN_TOKEN=".count))
        let listening = try await server.waitFor("listening on http://127.0.0.1:[0-9]+")
        let base = String(listening.dropFirst("listening on ".count))

        // The seed's example: curl -H 'Authorization: Bearer <token>' …/openapi/projects/project
        let list = try await httpGet("\(base)/openapi/projects/project", token: token)
        #expect(list.status == 200)
        #expect(JSON(list.body) == JSON(#"{"total":0,"projects":[]}"#))
        #expect(try await httpGet("\(base)/openapi/projects/project", token: nil).status == 401)
        #expect(try await httpGet("\(base)/healthz", token: nil).status == 200)

        // The admin CLI works against the same data directory while the server runs.
        let added = try await ServerProcess.run(["admin", "user", "add", "bob", "--data-dir", dataDir])
        #expect(added.code == 0, "\(added.output)")
        let bobToken = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("token: ") }?.dropFirst(7))
        let users = try await httpGet("\(base)/openapi/users?pageNum=1&pageSize=10", token: String(bobToken))
        #expect(users.status == 200)
        #expect(JSON(users.body)["total_count"].int == 2)
        let issued = try await ServerProcess.run(["admin", "token", "create", "--user", "bob", "--data-dir", dataDir])
        #expect(issued.code == 0)
        let second = issued.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        #expect(try await httpGet("\(base)/openapi/users/nobody", token: second).status == 404)

        // Pipeline plugins are registered with the CLI and listed by the API.
        let manifest = dataDir + "-plugin.yaml"
        defer { try? FileManager.default.removeItem(atPath: manifest) }
        try "name: notify\nversion: 2.0.1\ninputs:\n  message: { required: true }\nrun: echo \"$INPUT_MESSAGE\"\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let plugin = try await ServerProcess.run(["admin", "plugin", "add", manifest, "--data-dir", dataDir])
        #expect(plugin.code == 0, "\(plugin.output)")
        #expect(plugin.output.contains("notify@2.0.1"))
        let plugins = try await httpGet("\(base)/api/flow/plugin/list", token: token)
        #expect(JSON(plugins.body)["data"].array.first?["version"].string == "2.0.1", "\(plugins.body)")
        let badPlugin = try await ServerProcess.run(["admin", "plugin", "add", "/nonexistent.yaml", "--data-dir", dataDir])
        #expect(badPlugin.code != 0)

        server.signal(SIGTERM)
        #expect(try await server.waitForExit(seconds: 15), "SIGTERM ends the server")
        #expect(server.exitCode == 0)

        // A restart keeps users and tokens and prints no new admin token.
        let again = try ServerProcess(["serve", "--port", "0", "--data-dir", dataDir])
        let relisten = try await again.waitFor("listening on http://127.0.0.1:[0-9]+")
        let base2 = String(relisten.dropFirst("listening on ".count))
        #expect(try await httpGet("\(base2)/openapi/projects/project", token: token).status == 200)
        #expect(!again.text.contains("SLIPWAY_ADMIN_TOKEN"))
        again.signal(SIGTERM)
        #expect(try await again.waitForExit(seconds: 15))
    }

    @Test func givenAdminTokenFromTheEnvironment() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let token = "unattended-install-token-42"
        let server = try ServerProcess(
            ["serve", "--port", "0"],
            environment: ["SLIPWAY_DATA_DIR": dataDir, "SLIPWAY_ADMIN_TOKEN": token])
        let listening = try await server.waitFor("listening on http://127.0.0.1:[0-9]+")
        #expect(!server.text.contains("SLIPWAY_ADMIN_TOKEN="), "a given token is never printed")
        let base = String(listening.dropFirst("listening on ".count))
        #expect(try await httpGet("\(base)/openapi/projects/project", token: token).status == 200)
        #expect(FileManager.default.fileExists(atPath: dataDir + "/slipway.sqlite"))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit(seconds: 15))
    }

    @Test func aTooShortAdminTokenIsRefusedBeforeTheStoreOpens() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let (code, output) = try await ServerProcess.run(
            ["serve", "--port", "0"], environment: ["SLIPWAY_DATA_DIR": dataDir, "SLIPWAY_ADMIN_TOKEN": "short"])
        #expect(code == 1, "a clean failure, not a crash: \(output)")
        #expect(output.contains("SLIPWAY_ADMIN_TOKEN must be at least 16 characters"))
        #expect(!output.contains("short"), "the given token is not echoed")
        #expect(!FileManager.default.fileExists(atPath: dataDir + "/slipway.sqlite"), "nothing was created")
    }
}
