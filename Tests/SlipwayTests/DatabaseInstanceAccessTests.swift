import HTTPTypes
import Testing

/// `/api/aslan/system/dbinstance` belongs to system administrators: a caller without a token, a
/// user of no project and a read-only member are refused every call, and nothing is stored.
@Suite struct DatabaseInstanceAccessTests {
    @Test(arguments: StoreKind.enabled)
    func onlySystemAdministratorsManageDatabases(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let (_, outsider) = try await app.makeUser("outsider")
            let reader = try await app.makeMember("reader")
            let body = #"{"name":"pg","type":"postgresql","host":"db.example","password":"s3cr3t"}"#
            for (method, path, payload) in [
                (HTTPRequest.Method.get, "/api/aslan/system/dbinstance", nil), (.post, "/api/aslan/system/dbinstance", body),
                (.delete, "/api/aslan/system/dbinstance/x", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                #expect(try await app.call(method, path, auth: .anonymous, body: payload).status == .unauthorized, "\(path)")
                for token in [outsider, reader] {
                    let refused = try await app.call(method, path, as: token, body: payload)
                    #expect(refused.status == .forbidden, "\(path): \(refused.text)")
                    #expect(!refused.text.contains("s3cr3t"))
                }
            }
            #expect(try await app.store.databases.list().isEmpty)
        }
    }
}
