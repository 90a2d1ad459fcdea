import Foundation
import Logging
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 9 point 11: the secret key (`secret.key` 0600, created on first start, or `SLIPWAY_SECRET_KEY`),
/// a clear refusal of a wrong key, and the modes of the data directory and database files.
@Suite struct SecretKeyTests {
    @Test func sealedValuesOpenOnlyWithTheirKey() throws {
        let box = try SecretBox(base64: SecretBox.generateKey())
        let once = try box.seal("hunter2"), twice = try box.seal("hunter2")
        #expect(once.hasPrefix(SecretBox.prefix))
        #expect(once != twice, "a fresh nonce per value")
        #expect(!once.contains("hunter2"))
        #expect(try box.open(once) == "hunter2")
        #expect(try box.open("legacy plaintext") == "legacy plaintext")
        #expect(try box.open(try box.seal("enc:v1:looks-sealed")) == "enc:v1:looks-sealed")
        let other = try SecretBox(base64: SecretBox.generateKey())
        #expect(throws: StoreError.self) { try other.open(once) }
        #expect(throws: StoreError.self) { try box.open(SecretBox.prefix + "bm90IGEgYm94") }
        #expect(throws: StoreError.self) { try SecretBox(base64: "not base64!") }
        #expect(throws: StoreError.self) { try SecretBox(base64: Data(count: 16).base64EncodedString()) }
    }

    @Test func firstStartCreatesTheKeyAndTightensFileModes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let logger = Logger(label: "key-test")
        let store = try await StoreOpener.open(databaseURL: nil, dataDirectory: dir.path, logger: logger)
        try await store.databases.create(
            DatabaseInstance(
                id: "d1", name: "pg", type: "postgresql",
                url: "postgres://u:key-test-secret@h/d", updatedBy: "admin"))
        func mode(_ name: String) throws -> Int {
            let path = name.isEmpty ? dir.path : dir.appendingPathComponent(name).path
            return try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }
        #expect(try mode("") == 0o700)
        #expect(try mode("secret.key") == 0o600)
        #expect(try mode("slipway.sqlite") == 0o600)
        #expect(try mode("slipway.sqlite-wal") == 0o600)
        #expect(try mode("slipway.sqlite-shm") == 0o600)
        let key = try String(contentsOf: dir.appendingPathComponent("secret.key"), encoding: .utf8)
        #expect(try SecretBox(base64: key).open(try SecretBox(base64: key).seal("x")) == "x")
        await store.close()

        // The same directory opens again with the key it holds.
        let again = try await StoreOpener.open(databaseURL: nil, dataDirectory: dir.path, logger: logger)
        #expect(try await again.databases.find("pg")?.url == "postgres://u:key-test-secret@h/d")
        await again.close()
        #expect(try String(contentsOf: dir.appendingPathComponent("secret.key"), encoding: .utf8) == key, "never replaced")

        // Another key is refused with a message that says what to do, not garbage.
        do {
            _ = try await StoreOpener.open(databaseURL: nil, dataDirectory: dir.path, logger: logger, secretKey: SecretBox.generateKey())
            Issue.record("a wrong key was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("does not match"))
            #expect(error.description.contains("secret.key"))
        }
        // A damaged key file is named in the error.
        try Data("garbage".utf8).write(to: dir.appendingPathComponent("secret.key"))
        do {
            _ = try await StoreOpener.open(databaseURL: nil, dataDirectory: dir.path, logger: logger)
            Issue.record("a damaged key file was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("secret.key: not base64"), "\(error)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func anotherKeyIsRefusedOnEveryStore(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "key-test")
            let store = try await database.open(logger: logger)
            await store.close()
            // The same database (a SQLite file in the same directory), opened with another key.
            let wrong = EmptyDatabase(databaseURL: database.databaseURL, dataDirectory: database.dataDirectory, secretKey: SecretBox.generateKey())
            await #expect(throws: StoreError.self) { _ = try await wrong.open(logger: logger) }
            let right = try await database.open(logger: logger)
            #expect(await right.isReady())
            await right.close()
        }
    }

    @Test func adminCommandsUseTheSameKey() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func slipway(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
            let child = try ServerProcess(arguments + ["--data-dir", dir], environment: environment)
            #expect(try await child.waitForExit(seconds: 60))
            return (child.exitCode, child.text)
        }
        // Admin commands need an existing store: the first start of a server creates it and its key.
        await (try StoreOpener.open(databaseURL: nil, dataDirectory: dir, logger: Logger(label: "key-test"))).close()
        let (added, addOutput) = try await slipway(["admin", "user", "add", "carol", "--no-token"])
        #expect(added == 0, "\(addOutput)")
        #expect(FileManager.default.fileExists(atPath: dir + "/secret.key"))
        let (listed, listing) = try await slipway(["admin", "user", "list"])
        #expect(listed == 0)
        #expect(listing.contains("carol"))
        let (refused, message) = try await slipway(["admin", "user", "list"], environment: ["SLIPWAY_SECRET_KEY": SecretBox.generateKey()])
        #expect(refused != 0)
        #expect(message.contains("does not match"), "\(message)")
    }
}
