import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayStore
import Testing

/// Zadig §8 version management: manual and copied `K8SYaml` versions, list, detail (by name and
/// by id), delete and retry; what Slipway refuses (pushes without a registry or outside it, bad
/// tags, Helm); bad calls in Zadig's envelope; who may do what. Pushing images for real:
/// `DeliveryVersionPushTests`.
@Suite struct DeliveryVersionAPITests {
    static let manifests = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"

    static func body(
        _ name: String = "v1.0", project: String = "demo", source: String = "manual", original: String = "", yaml: String = manifests,
        push: Bool = false, registry: String = ""
    ) -> String {
        """
        {"project_key":"\(project)","version_name":"\(name)","source":"\(source)","original_version_name":"\(original)","production":false,
         "desc":"first","labels":["stable"],"image_registry_id":"\(registry)",
         "services":[{"service_name":"web","yaml_content":\(Harness.jsonString(yaml)),
           "images":[{"container_name":"web","image_name":"web","source_image":"registry.local/web:1.0","source_image_tag":"1.0",
                      "target_image":"registry.local/web:1.0","target_image_tag":"1.0","push_image":\(push)}]}]}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func versionsRoundTrip(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", body: Self.body()).json == JSON(#"{"message":"success"}"#))
            let copied = try await app.call(
                .post, "/openapi/delivery/releases/k8s", body: Self.body("v1.1", source: "from_version", original: "v1.0", yaml: "kind: Service\n"))
            #expect(copied.status == .ok, "\(copied.text)")
            let list = try await app.call(.get, "/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=10").json
            #expect(list["total"].int == 2)
            #expect(list["list"].array.map { $0["version_name"].string } == ["v1.1", "v1.0"])
            let item = list["list"][1]
            #expect(item["type"].string == "K8SYaml")
            #expect(item["source"].string == "manual")
            #expect(item["status"].string == "success")
            #expect(item["labels"][0].string == "stable")
            #expect(item["description"].string == "first")
            #expect(item["created_by"].string == "admin")
            let id = try #require(item["id"].string)
            let detail = try await app.call(.get, "/openapi/delivery/releases/detail?projectKey=demo&versionName=v1.0").json
            #expect(detail["version"].string == "v1.0")
            #expect(detail["project_name"].string == "demo")
            #expect(detail["services"][0]["yaml_content"].string == Self.manifests)
            #expect(detail["services"][0]["images"][0]["source_image"].string == "registry.local/web:1.0")
            #expect(detail["services"][0]["images"][0]["push_image"].bool == false)
            #expect(try await app.call(.get, "/openapi/delivery/releases/\(id)?projectKey=demo").json == detail)
            let copy = try await app.call(.get, "/openapi/delivery/releases/detail?projectKey=demo&versionName=v1.1").json
            #expect(copy["source"].string == "from_version")
            #expect(copy["services"][0]["images"][0]["image_name"].string == "web")
            // Nothing failed, so nothing to retry.
            let retried = try await app.call(.post, "/openapi/delivery/releases/retry?id=\(id)&projectKey=demo")
            #expect(retried.json["description"].string == "can't reCreate version with status:success", "\(retried.text)")
            #expect(try await app.call(.delete, "/openapi/delivery/releases/\(id)?projectKey=demo").status == .ok)
            #expect(try await app.call(.get, "/openapi/delivery/releases/\(id)").status == .notFound)
            #expect(try await app.call(.get, "/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=10").json["total"].int == 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAnswerInZadigsEnvelope(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            let create = "/openapi/delivery/releases/k8s"
            expect(try await app.call(.get, "/openapi/delivery/releases?pageNum=1&pageSize=10"), .badRequest, "projectKey is required")
            expect(try await app.call(.get, "/openapi/delivery/releases?projectKey=demo&pageSize=10"), .badRequest, "pageNum is required")
            expect(try await app.call(.get, "/openapi/delivery/releases/detail?projectKey=demo"), .badRequest, "versionName can't be empty!")
            expect(
                try await app.call(.get, "/openapi/delivery/releases/detail?projectKey=demo&versionName=none"), .notFound,
                "delivery version none not found in project demo")
            expect(try await app.call(.post, create, body: #"{"version_name":"v"}"#), .badRequest, "project_key is required")
            expect(try await app.call(.post, create, body: Self.body("")), .badRequest, "version_name must be 1-256 characters")
            expect(
                try await app.call(.post, create, body: Self.body(source: "from_env")), .badRequest,
                "source from_env is not supported: Slipway keeps no rendered environment workloads to version")
            expect(try await app.call(.post, create, body: Self.body(registry: "r1")), .badRequest, "can not find target registry")
            expect(try await app.call(.post, create, body: Self.body(registry: "999")), .badRequest, "can not find target registry")
            expect(
                try await app.call(.post, create, body: Self.body(push: true)), .badRequest,
                "image_registry_id is required when an image has push_image true")
            let registry = """
                {"address":"http://127.0.0.1:5000","provider":"native","namespace":"team","is_default":false,"access_key":"u","secret_key":"p"}
                """
            #expect(try await app.call(.post, "/openapi/system/registry", body: registry).status == .ok)
            let registryID = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            expect(
                try await app.call(.post, create, body: Self.body(push: true, registry: registryID)), .badRequest,
                #"service web: image web: target_image "registry.local/web:1.0" is not in the registry 127.0.0.1:5000"#)
            let badTag = Self.body(push: true, registry: registryID).replacingOccurrences(
                of: #""target_image":"registry.local/web:1.0","target_image_tag":"1.0""#, with: #""target_image":"","target_image_tag":"v 1""#)
            expect(try await app.call(.post, create, body: badTag), .badRequest, #"service web: target_image_tag "v 1" is not an image tag"#)
            let unclosed = try await app.call(.post, create, body: Self.body(yaml: "kind: [unclosed"))
            #expect(unclosed.status == .badRequest, "\(unclosed.text)")
            #expect(unclosed.json["description"].string?.hasPrefix("service web: yaml_content document 1 is refused: not valid YAML or JSON") == true)
            expect(
                try await app.call(.post, create, body: Self.body(yaml: "just: text\n")), .badRequest,
                "service web: yaml_content document 1 is not a Kubernetes object (no kind)")
            // A "billion laughs" document: each line ten aliases of the one before.
            let letters = Array("abcdefghi").map(String.init)
            var bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            for (previous, letter) in zip(letters, letters.dropFirst()) {
                bomb += "\(letter): &\(letter) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
            }
            bomb += "kind: x\n"
            let refused = try await app.call(.post, create, body: Self.body(yaml: bomb))
            #expect(
                refused.status == .badRequest && refused.json["description"].string?.contains("yaml_content document 1 is refused") == true, "\(refused.text)")
            expect(
                try await app.call(.post, create, body: Self.body("v2", source: "from_version", original: "none")), .badRequest,
                "failed to get original version, projectKey: demo, versionName: none")
            expect(
                try await app.call(.post, "/openapi/delivery/releases/helm", body: Self.body()), .badRequest,
                "helm chart versions are not supported: Slipway has no chart repository to push charts to")
            #expect(try await app.call(.post, create, body: Self.body()).status == .ok)
            expect(
                try await app.call(.post, create, body: Self.body()), .badRequest, "failed to insert delivery version v1.0, version already exist")
            expect(try await app.call(.delete, "/openapi/delivery/releases/x"), .badRequest, "projectKey can't be empty!")
            expect(try await app.call(.delete, "/openapi/delivery/releases/x?projectKey=demo"), .notFound, "delivery version x not found")
            expect(try await app.call(.post, "/openapi/delivery/releases/retry?projectKey=demo"), .badRequest, "id can't be empty!")
            expect(
                try await app.call(.post, "/openapi/delivery/releases/retry", body: #"{"id":"x","projectKey":"demo"}"#), .notFound,
                "delivery version x not found")
            #expect(try await app.store.deliveryVersions.list(projectKey: "demo", page: 1, pageSize: 10).total == 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func permissions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", body: Self.body()).status == .ok)
            let id = try #require(try await app.store.deliveryVersions.get(projectKey: "demo", name: "v1.0")?.id)
            let reader = try await app.makeMember("reader")
            let maker = try await app.makeMember("maker", actions: ["get_delivery", "create_delivery"])
            let (_, outsider) = try await app.makeUser("outsider")
            let reads = [
                "/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=10", "/openapi/delivery/releases/detail?projectKey=demo&versionName=v1.0",
                "/openapi/delivery/releases/\(id)?projectKey=demo", "/openapi/delivery/releases/\(id)",
            ]
            for uri in reads {
                #expect(try await app.call(.get, uri, as: reader).status == .ok, "\(uri)")
                let refused = try await app.call(.get, uri, as: outsider)
                #expect(refused.status == .forbidden, "\(uri)")
                #expect(refused.text.isEmpty)
                #expect(try await app.call(.get, uri, auth: .anonymous).status == .unauthorized, "\(uri)")
            }
            let writes: [(HTTPRequest.Method, String, String?)] = [
                (.post, "/openapi/delivery/releases/k8s", Self.body("v2")), (.post, "/openapi/delivery/releases/helm", Self.body("v2")),
                (.post, "/openapi/delivery/releases/retry?id=\(id)&projectKey=demo", nil),
                (.delete, "/openapi/delivery/releases/\(id)?projectKey=demo", nil),
            ]
            for (method, uri, body) in writes {
                for token in [reader, outsider] {
                    #expect(try await app.call(method, uri, as: token, body: body).status == .forbidden, "\(method) \(uri)")
                }
                #expect(try await app.call(method, uri, auth: .anonymous, body: body).status == .unauthorized, "\(method) \(uri)")
            }
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", as: maker, body: Self.body("v2")).status == .ok)
            #expect(try await app.call(.delete, "/openapi/delivery/releases/\(id)?projectKey=demo", as: maker).status == .forbidden)
            #expect(try await app.store.deliveryVersions.list(projectKey: "demo", page: 1, pageSize: 10).total == 2)
        }
    }

    /// A version whose push task never runs (no free slot) and is cancelled fails with the reason,
    /// through the task events (`DeliveryVersionService.settle`); a retry makes it `retrying`. A
    /// version being made cannot be deleted, and no saved workflow may hold the push job type.
    @Test(arguments: StoreKind.enabled)
    func cancelledPushFailsTheVersion(kind: StoreKind) async throws {
        try await withApp(kind, maxRunningTasks: 0) { app in
            try await app.makeProject("demo")
            let registry = """
                {"address":"http://127.0.0.1:5000","provider":"native","namespace":"team","is_default":false,"access_key":"u","secret_key":"p"}
                """
            #expect(try await app.call(.post, "/openapi/system/registry", body: registry).status == .ok)
            let registryID = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            let body = Self.body(push: true, registry: registryID).replacingOccurrences(
                of: #""target_image":"registry.local/web:1.0""#, with: #""target_image":"""#)
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", body: body).status == .ok)
            let detail = "/openapi/delivery/releases/detail?projectKey=demo&versionName=v1.0"
            let creating = try await app.call(.get, detail).json
            #expect(creating["status"].string == "creating", "\(creating)")
            #expect(creating["services"][0]["images"][0]["status"].string == "waiting")
            #expect(creating["services"][0]["images"][0]["target_image"].string == "127.0.0.1:5000/team/web:1.0")
            let id = try #require(try await app.store.deliveryVersions.get(projectKey: "demo", name: "v1.0")?.id)
            let refused = try await app.call(.delete, "/openapi/delivery/releases/\(id)?projectKey=demo")
            #expect(refused.json["description"].string == "version v1.0 is creating: delete it once its images are pushed or failed", "\(refused.text)")

            try await app.engine.cancel(workflowKey: DeliveryVersion.workflowKey(id: id), taskID: 1, by: "admin")
            var failed = JSON.missing
            for _ in 0..<100 {
                failed = try await app.call(.get, detail).json
                if failed["status"].string == "failed" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(failed["status"].string == "failed", "\(failed)")
            #expect(failed["error"].string == "the image push task ended cancelled", "\(failed)")
            #expect(failed["services"][0]["images"][0]["status"].string == "failed")
            #expect(failed["services"][0]["images"][0]["error"].string == "the image push task ended cancelled")

            #expect(try await app.call(.post, "/openapi/delivery/releases/retry?id=\(id)&projectKey=demo").status == .ok)
            let retrying = try await app.call(.get, detail).json
            #expect(retrying["status"].string == "retrying", "\(retrying)")
            #expect(retrying["services"][0]["images"][0]["status"].string == "waiting")
            #expect(retrying["services"][0]["images"][0]["error"].string == "")

            let job = #"{"name":"push","type":"zadig-delivery-version","spec":{"version_id":"\#(id)"}}"#
            let stages = #"[{"name":"s","parallel":false,"jobs":[\#(job)]}]"#
            let saved = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: #"{"name":"sneaky","display_name":"s","project":"demo","concurrency_limit":-1,"params":[],"stages":\#(stages)}"#)
            #expect(saved.status == .badRequest, "\(saved.text)")
            #expect(saved.json["description"].string == "job push: unknown or unsupported job type zadig-delivery-version", "\(saved.text)")
        }
    }
}
