import Foundation
import SlipwayCore
import SlipwayTestSupport
import Testing

/// Issue 15: an image registry over HTTPS with a self-signed certificate made in the test. The
/// registry's `tls_cert` is the CA podman checks the served certificate against (`--cert-dir`,
/// never `--tls-verify=false`): a build's `docker_build` step pushes there and a delivery version
/// copies the image under a new tag; the same registry entered with another certificate is
/// refused by podman's TLS check.
@Suite(.enabled(if: TinyImage.available && LoopbackRegistry.tlsAvailable, Comment(rawValue: LoopbackRegistry.tlsSkipReason)))
struct ImageRegistryTLSTests {
    static func registryBody(_ registry: LoopbackRegistry, namespace: String, certificate: String, isDefault: Bool) -> String {
        """
        {"address":"https://\(registry.host)","provider":"native","namespace":"\(namespace)","is_default":\(isDefault),
         "access_key":"\(registry.user)","secret_key":"\(registry.password)","enable_tls":true,"tls_cert":\(Harness.jsonString(certificate))}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func pushesOverVerifiedTLS(kind: StoreKind) async throws {
        let registry = try await LoopbackRegistry.start(user: "pusher", password: "tls-s3cret-9", tls: true)
        defer { registry.stop() }
        let certificate = try #require(registry.certificate)
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            let body = Self.registryBody(registry, namespace: "slipway", certificate: certificate, isDefault: true)
            #expect(try await app.call(.post, "/openapi/system/registry", body: body).status == .ok)
            let id = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            let image = try await DeliveryVersionPushTests.buildImage(app, registryID: id)
            let tag = String(image.split(separator: ":").last!)
            #expect(try await registry.tags(of: "slipway/web-app") == [tag])

            // A version copies it over TLS too (pull and push checked against the certificate).
            let version = DeliveryVersionPushTests.version("v1", source: image, tag: tag, registry: id, targetTag: "tls-1")
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", body: version).status == .ok)
            let done = try await DeliveryVersionPushTests.settled(app, "v1")
            #expect(done["status"].string == "success", "\(done)")
            #expect(try await registry.tags(of: "slipway/web-app").sorted() == [tag, "tls-1"].sorted())

            // The same registry entered with another certificate: podman refuses its TLS.
            let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("other-cert-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: elsewhere) }
            let stranger = try LoopbackRegistry.selfSignedCertificate(in: elsewhere)
            let wrong = Self.registryBody(registry, namespace: "other", certificate: stranger, isDefault: false)
            #expect(try await app.call(.post, "/openapi/system/registry", body: wrong).status == .ok)
            let wrongID = try #require(try await app.call(.get, "/openapi/system/registry").json[1]["registry_id"].string)
            try await app.makeWorkflow("untrusted", stages: [Harness.stage("s", jobs: [DockerBuildStepTests.job("image-build", registry: wrongID)])])
            let task = try await app.run("untrusted")
            let refused = try await app.waitFor("untrusted", task, seconds: 180)
            #expect(refused["status"].string == "failed", "\(refused)")
            let reason = refused["stages"][0]["jobs"][0]["error"].string ?? ""
            #expect(reason.contains("docker build: pushing \(registry.host)/other/web-app:"), "\(reason)")
            let refusedLog = try await app.log("untrusted", task, job: "build")
            #expect(refusedLog.contains("x509"), "\(refusedLog)")
            #expect(try await registry.tags(of: "other/web-app") == [])
        }
    }
}
