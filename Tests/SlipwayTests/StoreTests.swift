import Foundation
import SQLKit
import SlipwayCore
import SlipwayServer
import SlipwayStore
import Testing

/// The store itself: migrations, token hashing, transactions, bootstrap.
@Suite struct StoreTests {
    @Test(arguments: StoreKind.enabled)
    func migrationsAreIdempotentAndReady(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            #expect(await store.isReady())
            try await Migrator.migrate(store.sql, logger: .init(label: "again"), secrets: store.secrets)
            let versions = try await store.sql.read { db in
                try await db.select().column("version").from("schema_migrations").orderBy("version").all(decodingColumn: "version", as: Int.self)
            }
            #expect(versions == Migrator.versions)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func tokensAreStoredHashed(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let user = User(uid: "u1", account: "u1", name: "U")
            try await store.users.create(user)
            let issued = try await store.tokens.issue(userUID: "u1", name: "t")
            let stored = try await store.sql.read { db in
                try await db.select().column("token_hash").from("api_tokens").all(decodingColumn: "token_hash", as: String.self)
            }
            #expect(stored == [TokenSecret.hash(issued.secret)])
            #expect(!stored[0].contains(issued.secret))
            #expect(try await store.tokens.authenticate(secret: issued.secret)?.user.account == "u1")
            #expect(try await store.tokens.authenticate(secret: issued.secret + "x") == nil)
            await #expect(throws: SlipwayError.self) { try await store.tokens.issue(userUID: "nobody", name: "t") }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func failedUnitOfWorkLeavesNothing(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await store.sql.write { db in
                    try await db.insert(into: "user_groups").columns("gid", "name", "description", "type", "created_at")
                        .values(SQLBind("g"), SQLBind("n"), SQLBind(""), SQLBind("custom"), SQLBind(0)).run()
                    throw Boom()
                }
            }
            #expect(try await store.groups.find(gid: "g") == nil)
            try await store.users.create(User(uid: "a", account: "same", name: "A"))
            await #expect(throws: SlipwayError.conflict("user same already exists")) {
                try await store.users.create(User(uid: "b", account: "same", name: "B"))
            }
            #expect(try await store.users.count() == 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func concurrentWritesAllLand(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask { try await store.users.create(User(uid: "u\(i)", account: "user\(i)", name: "U")) }
                }
                try await group.waitForAll()
            }
            #expect(try await store.users.count() == 40)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func bootstrapCreatesAdminOnceAndAcceptsAGivenToken(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let given = "given-admin-token-0123456789"
            #expect(try await AdminBootstrap.ensureAdmin(store: store, givenToken: given) == nil, "a given token is not printed")
            #expect(try await store.tokens.authenticate(secret: given)?.user.isAdmin == true)
            #expect(try await AdminBootstrap.ensureAdmin(store: store, givenToken: nil) == nil, "second start prints nothing")
            let another = "another-admin-token-0123456789"
            _ = try await AdminBootstrap.ensureAdmin(store: store, givenToken: another)
            #expect(try await store.tokens.authenticate(secret: another)?.user.account == "admin")
            #expect(try await store.users.count() == 1)
        }
    }
}
