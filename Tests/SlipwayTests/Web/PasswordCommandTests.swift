import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayServices
import SlipwayStore
import Testing

/// Issue 14 point 1 on the command line: `admin user add --password`, `admin user set-password`
/// (the password read from standard input) and `admin token revoke`.
@Suite struct PasswordCommandTests {
    /// Run `slipway <arguments>` with `input` on standard input.
    static func slipway(_ arguments: [String], input: String = "") async throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLIPWAY_") }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Polled, not waited on: a blocked thread would starve the other tests' tasks.
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static func open(_ dataDir: String) async throws -> Store {
        try await StoreOpener.open(databaseURL: nil, dataDirectory: dataDir, logger: Logger(label: "cli-test"), secretKey: nil)
    }

    @Test func passwordsAndTokenRevocationFromTheShell() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-pw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        try await Self.open(dataDir).close()

        let short = try await Self.slipway(["admin", "user", "add", "carol", "--password", "--data-dir", dataDir], input: "short\n")
        #expect(short.code != 0)
        #expect(short.output.contains("at least 8 characters"))
        let added = try await Self.slipway(["admin", "user", "add", "carol", "--password", "--data-dir", dataDir], input: "first password\n")
        #expect(added.code == 0, "\(added.output)")
        let token = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("token: ") }).dropFirst("token: ".count)

        var store = try await Self.open(dataDir)
        let carol = try #require(try await store.users.find(account: "carol"))
        let hash = try #require(try await store.passwords.hash(userUID: carol.uid))
        #expect(hash.hasPrefix("$2"), "bcrypt")
        #expect(!hash.contains("first password"))
        #expect(PasswordHasher.verify("first password", hash: hash))
        _ = try await store.webSessions.open(userUID: carol.uid, expiresAt: .now() + 60_000)
        let tokenID = try #require(try await store.tokens.list(userUID: carol.uid).first?.id)
        #expect(try await store.tokens.authenticate(secret: String(token)) != nil)
        await store.close()

        let changed = try await Self.slipway(["admin", "user", "set-password", "carol", "--data-dir", dataDir], input: "second password\n")
        #expect(changed.code == 0, "\(changed.output)")
        #expect(try await Self.slipway(["admin", "user", "set-password", "nobody", "--data-dir", dataDir], input: "second password\n").code != 0)
        let revoked = try await Self.slipway(["admin", "token", "revoke", "\(tokenID)", "--data-dir", dataDir])
        #expect(revoked.code == 0, "\(revoked.output)")
        let again = try await Self.slipway(["admin", "token", "revoke", "\(tokenID)", "--data-dir", dataDir])
        #expect(again.code != 0)
        #expect(again.output.contains("no token \(tokenID)"))

        store = try await Self.open(dataDir)
        let newHash = try #require(try await store.passwords.hash(userUID: carol.uid))
        #expect(PasswordHasher.verify("second password", hash: newHash))
        #expect(!PasswordHasher.verify("first password", hash: newHash))
        let sessions = try await store.sql.read { db in
            try await db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("web_sessions")
                .first(decodingColumn: "n", as: Int.self)
        }
        #expect(sessions == 0, "a new password signs the user out everywhere")
        #expect(try await store.tokens.authenticate(secret: String(token)) == nil)
        await store.close()
    }
}
