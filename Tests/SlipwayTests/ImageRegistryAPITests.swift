import Foundation
import HTTPTypes
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 15: Zadig image registries (`/openapi/system/registry`): create, list, detail, update
/// (a blank secret keeps the stored one), one default at most; the secret key sealed at rest and
/// absent from every answer and from the operation log; bad input in Zadig's envelope; only
/// system administrators write, any signed-in user reads, nobody without a token.
@Suite struct ImageRegistryAPITests {
    static let path = "/openapi/system/registry"

    static func body(
        address: String = "https://registry.example.com", provider: String = "native", namespace: String = "team", isDefault: Bool = true,
        secret: String = "reg-s3cret-77", tls: String = #""enable_tls":false"#
    ) -> String {
        """
        {"address":"\(address)","provider":"\(provider)","namespace":"\(namespace)","is_default":\(isDefault),
         "access_key":"robot","secret_key":"\(secret)",\(tls)}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func createListDetailUpdate(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let created = try await app.call(.post, Self.path, body: Self.body())
            #expect(created.json == JSON(#"{"message":"success"}"#), "\(created.text)")
            #expect(try await app.call(.post, Self.path, body: Self.body(namespace: "other", secret: "second-s3cret-8")).status == .ok)

            let (_, outsider) = try await app.makeUser("outsider")
            let list = try await app.call(.get, Self.path, as: outsider)
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.json.array.count == 2)
            let first = list.json[0]
            #expect(first["address"].string == "https://registry.example.com")
            #expect(first["provider"].string == "native")
            #expect(first["namespace"].string == "team")
            #expect(first["region"].string == "")
            // The second registry was made the default: the first is no longer.
            #expect(list.json.array.map { $0["is_default"].bool } == [false, true])
            #expect(first.keys == ["registry_id", "address", "provider", "region", "namespace", "is_default"])
            let id = try #require(first["registry_id"].string)
            let detail = try await app.call(.get, "\(Self.path)/\(id)", as: outsider)
            #expect(detail.json["namespace"].string == "team", "\(detail.text)")
            #expect(detail.json["registry_id"].string == id)
            for reply in [list, detail] {
                #expect(!reply.text.contains("reg-s3cret-77") && !reply.text.contains("second-s3cret-8") && !reply.text.contains("robot"))
            }

            // Sealed at rest.
            let stored = try await app.store.sql.read { db in
                try await db.select().column("secret_key").from("zadig_image_registries").all(decodingColumn: "secret_key", as: String.self)
            }
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { $0.hasPrefix(SecretBox.prefix) && !$0.contains("s3cret") })

            // An update with a blank secret keeps it; the other fields change; it becomes the default again.
            let updated = try await app.call(
                .put, "\(Self.path)/\(id)", body: Self.body(address: "http://127.0.0.1:5000", provider: "harbor", namespace: "apps", secret: ""))
            #expect(updated.json == JSON(#"{"message":"success"}"#), "\(updated.text)")
            let registry = try #require(try await app.store.imageRegistries.get(id: Int64(id)!))
            #expect(registry.secretKey == "reg-s3cret-77")
            #expect(registry.address == "http://127.0.0.1:5000")
            #expect(registry.provider == .harbor)
            #expect(registry.namespace == "apps")
            #expect(registry.updatedBy == "admin")
            #expect(try await app.call(.get, Self.path).json.array.map { $0["is_default"].bool } == [true, false])
            #expect(
                try await app.call(.put, "\(Self.path)/\(id)", body: Self.body(namespace: "apps", isDefault: false, secret: "rotated-9")).status
                    == .ok)
            #expect(try await app.store.imageRegistries.get(id: Int64(id)!)?.secretKey == "rotated-9")

            // The operation log names the registry, never its keys.
            let logs = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=50")
            #expect(logs.json["operation_logs"].array.contains { $0["function"].string == "镜像仓库" && $0["detail"].string == "registry.example.com/team" })
            let secrets = ["reg-s3cret-77", "second-s3cret-8", "rotated-9"]
            #expect(StoredText.leaked(secrets, in: logs.text) == [])
            let entries = try await app.store.operationLogs.list(OperationLogQuery(page: 1, perPage: 50))
            #expect(entries.items.count >= 4)
            #expect(StoredText.leaked(secrets, in: "\(entries.items)") == [])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badInputAndRefusals(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["code"].int == Int(status.code), sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            let path = Self.path
            expect(try await app.call(.post, path, body: "[]"), .badRequest, "the body must be a JSON object")
            expect(
                try await app.call(.post, path, body: #"{"address":"https://r.io","provider":"native","namespace":"n"}"#), .badRequest,
                "is_default: required field is missing")
            expect(
                try await app.call(.post, path, body: Self.body(provider: "quay")), .badRequest,
                "provider must be one of acr, tcr, swr, ecr, dockerhub, harbor, nexus, native")
            expect(
                try await app.call(.post, path, body: Self.body(address: "registry.example.com")), .badRequest, "address must start with http:// or https://")
            expect(
                try await app.call(.post, path, body: Self.body(address: "https://r.io/x y")), .badRequest,
                "address must be a scheme and a host[:port], e.g. https://registry.example.com")
            expect(try await app.call(.post, path, body: Self.body(provider: "ecr")), .badRequest, "region is required for ecr")
            expect(try await app.call(.post, path, body: Self.body(namespace: "")), .badRequest, "namespace is required")
            expect(
                try await app.call(.post, path, body: Self.body(namespace: "Team")), .badRequest,
                "namespace must be lowercase letters, digits and . _ - / (not starting or ending with a separator)")
            expect(try await app.call(.post, path, body: Self.body(secret: "")), .badRequest, "secret_key is required")
            expect(
                try await app.call(.post, path, body: Self.body(tls: #""enable_tls":true"#)), .badRequest, "tls_cert is required when enable_tls is true")
            expect(
                try await app.call(.post, path, body: Self.body(tls: #""enable_tls":true,"tls_cert":"not a cert""#)), .badRequest,
                "tls_cert must be a PEM certificate")
            #expect(try await app.call(.post, path, body: Self.body()).status == .ok)
            expect(try await app.call(.post, path, body: Self.body()), .badRequest, "image registry registry.example.com/team already exists")
            let id = try #require(try await app.call(.get, path).json[0]["registry_id"].string)
            expect(try await app.call(.get, "\(path)/999"), .notFound, "image registry 999 not found")
            expect(try await app.call(.get, "\(path)/abc"), .notFound, "image registry abc not found")
            expect(try await app.call(.put, "\(path)/999", body: Self.body(namespace: "x")), .notFound, "image registry 999 not found")
            expect(try await app.call(.put, "\(path)/\(id)", body: Self.body(provider: "ecr", secret: "")), .badRequest, "region is required for ecr")
            #expect(try await app.call(.delete, "\(path)/\(id)").status == .notFound, "no DELETE in Zadig's OpenAPI")

            // Only system administrators write; any signed-in user reads; nobody without a token.
            try await app.makeProject("demo")
            let member = try await app.makeMember("member", actions: ["get_build", "create_build", "edit_build"])
            let (_, outsider) = try await app.makeUser("outsider")
            for token in [member, outsider] {
                let refused = try await app.call(.post, path, as: token, body: Self.body(namespace: "mine"))
                #expect(refused.status == .forbidden)
                #expect(refused.text.isEmpty)
                #expect(try await app.call(.put, "\(path)/\(id)", as: token, body: Self.body()).status == .forbidden)
                #expect(try await app.call(.get, "\(path)/\(id)", as: token).status == .ok)
                #expect(try await app.call(.get, path, as: token).json.array.count == 1)
            }
            #expect(try await app.store.imageRegistries.list().map(\.namespace) == ["team"])
            for (method, uri) in [(HTTPRequest.Method.get, path), (.get, "\(path)/\(id)"), (.post, path), (.put, "\(path)/\(id)")] {
                let anonymous = try await app.call(method, uri, auth: .anonymous, body: method == .get ? nil : Self.body())
                #expect(anonymous.status == .unauthorized, "\(uri)")
            }
        }
    }
}
