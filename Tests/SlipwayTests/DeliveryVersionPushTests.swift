import Foundation
import SlipwayCore
import SlipwayTestSupport
import Testing

/// Issue 15: Zadig versions whose images have `push_image: true`, for real. A build's
/// `docker_build` step first puts a tiny image in Debian's Docker registry on loopback; a version
/// then copies it (podman pull, tag, push inside the job sandbox) under a new tag, to the same
/// registry's namespace or to another registry entry; the registry lists the new tag. A refused
/// push (wrong credentials) and an unknown source image fail the version with each image's
/// reason; after the registry's password is fixed, a retry pushes what was left.
@Suite(.enabled(if: TinyImage.available && LoopbackRegistry.available, Comment(rawValue: LoopbackRegistry.skipReason)))
struct DeliveryVersionPushTests {
    static func version(_ name: String, source: String, tag: String, registry: String, target: String = "", targetTag: String) -> String {
        """
        {"project_key":"demo","version_name":"\(name)","source":"manual","image_registry_id":"\(registry)","labels":[],
         "services":[{"service_name":"web","yaml_content":"kind: Deployment\\n",
           "images":[{"container_name":"web","image_name":"web-app","source_image":"\(source)","source_image_tag":"\(tag)",
                      "target_image":"\(target)","target_image_tag":"\(targetTag)","push_image":true}]}]}
        """
    }

    /// The version's detail once it is neither `creating` nor `retrying`.
    static func settled(_ app: Harness, _ name: String, seconds: Double = 180) async throws -> JSON {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let detail = try await app.call(.get, "/openapi/delivery/releases/detail?projectKey=demo&versionName=\(name)").json
            if !["creating", "retrying"].contains(detail["status"].string ?? "") || Date() > deadline { return detail }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Builds `web-app` into the registry's `slipway` namespace with a `docker_build` step; its reference.
    static func buildImage(_ app: Harness, registryID: String) async throws -> String {
        #expect(try await app.call(.post, "/openapi/build", body: DockerBuildStepTests.build("image-build")).status == .ok)
        try await app.makeWorkflow("images", stages: [Harness.stage("s", jobs: [DockerBuildStepTests.job("image-build", registry: registryID)])])
        let done = try await app.waitFor("images", try await app.run("images"), seconds: 180)
        #expect(done["status"].string == "passed", "\(done)")
        return try #require(SandboxTests.output(done, "IMAGE"), "\(done)")
    }

    @Test(arguments: StoreKind.enabled)
    func pushesFailsAndRetries(kind: StoreKind) async throws {
        let registry = try await LoopbackRegistry.start(user: "pusher", password: "push-s3cret-77")
        defer { registry.stop() }
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let body = DockerBuildStepTests.registryBody(registry, password: "push-s3cret-77")
            #expect(try await app.call(.post, "/openapi/system/registry", body: body).status == .ok)
            let good = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            let image = try await Self.buildImage(app, registryID: good)
            let tag = String(image.split(separator: ":").last!)

            // The version copies the image under the tag v1.0 in the registry's namespace.
            let created = try await app.call(
                .post, "/openapi/delivery/releases/k8s", body: Self.version("v1.0", source: image, tag: tag, registry: good, targetTag: "v1.0"))
            #expect(created.json == JSON(#"{"message":"success"}"#), "\(created.text)")
            let done = try await Self.settled(app, "v1.0")
            #expect(done["status"].string == "success", "\(done)")
            #expect(done["error"].string == "")
            let pushed = done["services"][0]["images"][0]
            #expect(pushed["status"].string == "success", "\(pushed)")
            #expect(pushed["target_image"].string == "\(registry.host)/slipway/web-app:v1.0", "\(pushed)")
            #expect(pushed["target_image_tag"].string == "v1.0")
            #expect(try await registry.tags(of: "slipway/web-app").sorted() == [tag, "v1.0"].sorted())
            let list = try await app.call(.get, "/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=10").json
            #expect(list["list"][0]["status"].string == "success")

            // Another registry entry on the same host, namespace `other`, with a wrong password:
            // the pull (namespace `slipway`, right credentials) works, the push is refused.
            let wrong = DockerBuildStepTests.registryBody(registry, password: "wrong-s3cret-8", isDefault: false)
                .replacingOccurrences(of: "\"slipway\"", with: "\"other\"")
            #expect(try await app.call(.post, "/openapi/system/registry", body: wrong).status == .ok)
            let other = try #require(try await app.call(.get, "/openapi/system/registry").json[1]["registry_id"].string)
            let body2 = Self.version("v2.0", source: image, tag: tag, registry: other, targetTag: "v2.0")
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", body: body2).status == .ok)
            let refused = try await Self.settled(app, "v2.0")
            #expect(refused["status"].string == "failed", "\(refused)")
            #expect(refused["error"].string == "1 of 1 image(s) failed to push", "\(refused)")
            let reason = refused["services"][0]["images"][0]["error"].string ?? ""
            #expect(refused["services"][0]["images"][0]["status"].string == "failed")
            #expect(reason.hasPrefix("pushing \(registry.host)/other/web-app:v2.0 to \(registry.host) failed (podman exited with code"), "\(reason)")
            #expect(try await registry.tags(of: "other/web-app") == [])
            #expect(!(try await app.call(.get, "/openapi/delivery/releases/detail?projectKey=demo&versionName=v2.0")).text.contains("s3cret"))

            // The password fixed, a retry pushes the image.
            let fixed = wrong.replacingOccurrences(of: "wrong-s3cret-8", with: "push-s3cret-77")
            #expect(try await app.call(.put, "/openapi/system/registry/\(other)", body: fixed).status == .ok)
            let id = try #require(try await app.store.deliveryVersions.get(projectKey: "demo", name: "v2.0")?.id)
            #expect(try await app.call(.post, "/openapi/delivery/releases/retry?id=\(id)&projectKey=demo").status == .ok)
            let retried = try await Self.settled(app, "v2.0")
            #expect(retried["status"].string == "success", "\(retried)")
            #expect(retried["services"][0]["images"][0]["status"].string == "success")
            #expect(retried["services"][0]["images"][0]["error"].string == "")
            #expect(try await registry.tags(of: "other/web-app") == ["v2.0"])
            let again = try await app.call(.post, "/openapi/delivery/releases/retry?id=\(id)&projectKey=demo")
            #expect(again.json["description"].string == "can't reCreate version with status:success")

            // An image the registry does not hold fails its version with the pull's reason.
            let missing = "\(registry.host)/slipway/missing"
            #expect(
                try await app.call(
                    .post, "/openapi/delivery/releases/k8s", body: Self.version("v3.0", source: missing, tag: "nope", registry: good, targetTag: "v3.0")
                )
                .status == .ok)
            let unknown = try await Self.settled(app, "v3.0")
            #expect(unknown["status"].string == "failed", "\(unknown)")
            #expect(
                unknown["services"][0]["images"][0]["error"].string?.hasPrefix("pulling \(missing):nope failed (podman exited with code") == true, "\(unknown)")

            // The push tasks' logs never hold a secret.
            for task in 1...2 {
                let log = try await app.log(DeliveryVersion.workflowKey(id: id), task, job: DeliveryVersion.pushJobName)
                #expect(log.contains("v2.0"), "\(log)")
                #expect(!log.contains("s3cret"))
            }
            // A settled version is deleted with its push workflow.
            #expect(try await app.call(.delete, "/openapi/delivery/releases/\(id)?projectKey=demo").status == .ok)
            #expect(try await app.store.workflows.get(key: DeliveryVersion.workflowKey(id: id)) == nil)
        }
    }
}
