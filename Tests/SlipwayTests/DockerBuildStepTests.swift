import Foundation
import SlipwayCore
import SlipwayTestSupport
import Testing

/// Issue 15: a Zadig build's `post_build.docker_build` step, for real: the build script writes a
/// file and a `FROM scratch` Dockerfile into the workspace; the step builds the image with podman
/// (rootless, inside the job sandbox) and pushes it to Debian's Docker registry on loopback,
/// which asks for the registry's credentials (htpasswd). The image is then in the registry, and
/// the task shows it as the build job's image and `IMAGE` output. A Dockerfile podman cannot
/// build and a refused push fail the job with the reason; the secret never reaches the log.
@Suite(.enabled(if: TinyImage.available && LoopbackRegistry.available, Comment(rawValue: LoopbackRegistry.skipReason)))
struct DockerBuildStepTests {
    static let script = """
        mkdir -p image
        echo "built-for-$SERVICE_MODULE" > image/app.txt
        printf 'FROM scratch\\nARG GREETING\\nCOPY app.txt /app.txt\\nLABEL greeting=$GREETING\\n' > image/Dockerfile
        echo "image=$IMAGE"
        """

    static func build(_ name: String, script: String = Self.script, dockerfile: String = "image/Dockerfile") -> String {
        """
        {"name":"\(name)","project_key":"demo","target_services":[{"service_name":"web","service_module":"web"}],
         "build_script":\(Harness.jsonString(script)),"script_type":"shell",
         "post_build":{"docker_build":{"work_dir":"image","docker_file":"\(dockerfile)","build_args":"--build-arg GREETING=hello","source":"local"}}}
        """
    }

    static func job(_ build: String, registry: String) -> String {
        """
        {"name":"build","type":"zadig-build","spec":{"docker_registry_id":"\(registry)",
         "service_and_builds":[{"service_name":"web","service_module":"web","build_name":"\(build)","image_name":"web-app"}]}}
        """
    }

    static func registryBody(_ registry: LoopbackRegistry, password: String, isDefault: Bool = true) -> String {
        """
        {"address":"http://\(registry.host)","provider":"native","namespace":"slipway","is_default":\(isDefault),
         "access_key":"\(registry.user)","secret_key":"\(password)","enable_tls":false}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func buildsAndPushesTheImage(kind: StoreKind) async throws {
        let registry = try await LoopbackRegistry.start(user: "pusher", password: "push-s3cret-41")
        defer { registry.stop() }
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/system/registry", body: Self.registryBody(registry, password: "push-s3cret-41")).status == .ok)
            let registryID = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            let created = try await app.call(.post, "/openapi/build", body: Self.build("image-build"))
            #expect(created.status == .ok, "\(created.text)")
            let detail = try await app.call(.get, "/openapi/build/image-build/detail?projectKey=demo").json
            #expect(detail["post_build"]["docker_build"]["work_dir"].string == "image", "\(detail)")

            try await app.makeWorkflow("images", stages: [Harness.stage("s", jobs: [Self.job("image-build", registry: registryID)])])
            let id = try await app.run("images")
            let done = try await app.waitFor("images", id, seconds: 180)
            let log = try await app.log("images", id, job: "build")
            #expect(done["status"].string == "passed", "\(done)\n\(log)")
            let image = try #require(SandboxTests.output(done, "IMAGE"), "\(done)")
            #expect(image.hasPrefix("\(registry.host)/slipway/web-app:"), "\(image)")
            #expect(image.hasSuffix("-\(id)"), "the tag ends with the task id: \(image)")
            #expect(done["stages"][0]["jobs"][0]["spec"]["image"].string == image, "\(done)")
            #expect(log.contains("image=\(image)"), "the build script sees $IMAGE: \(log)")
            #expect(log.contains("docker build: pushed \(image)"), "\(log)")
            #expect(!log.contains("push-s3cret-41"))

            // The registry really holds it: its tag is listed.
            let tag = String(image.split(separator: ":").last!)
            #expect(try await registry.tags(of: "slipway/web-app") == [tag])

            // Nothing of podman's (storage, auth file) is left in the data directory's job files.
            let leftovers =
                FileManager.default.enumerator(atPath: app.scratch.deletingLastPathComponent().path)?
                .compactMap { $0 as? String }.filter { $0.contains("/.image-") || $0.hasSuffix("auth.json") } ?? []
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func failingBuildOrPushFailsTheJob(kind: StoreKind) async throws {
        let registry = try await LoopbackRegistry.start(user: "pusher", password: "right-s3cret-5")
        defer { registry.stop() }
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            // A Dockerfile podman cannot build: its COPY names a file the script did not write.
            let broken = "mkdir -p image && printf 'FROM scratch\\nCOPY missing.txt /m\\n' > image/Dockerfile"
            #expect(try await app.call(.post, "/openapi/build", body: Self.build("broken", script: broken)).status == .ok)
            #expect(try await app.call(.post, "/openapi/system/registry", body: Self.registryBody(registry, password: "right-s3cret-5")).status == .ok)
            let good = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            try await app.makeWorkflow("broken", stages: [Harness.stage("s", jobs: [Self.job("broken", registry: good)])])
            let failed = try await app.waitFor("broken", try await app.run("broken"), seconds: 180)
            #expect(failed["status"].string == "failed")
            let error = failed["stages"][0]["jobs"][0]["error"].string ?? ""
            #expect(error.contains("docker build: podman build of \(registry.host)/slipway/web-app:"), "\(failed)")
            #expect(error.contains("podman exited with code"), "\(error)")

            // Wrong credentials: the registry refuses the push.
            let wrong = Self.registryBody(registry, password: "wrong-s3cret-6", isDefault: false).replacingOccurrences(
                of: "\"slipway\"", with: "\"other\"")
            #expect(try await app.call(.post, "/openapi/system/registry", body: wrong).status == .ok)
            let refusedID = try #require(try await app.call(.get, "/openapi/system/registry").json[1]["registry_id"].string)
            #expect(try await app.call(.post, "/openapi/build", body: Self.build("good")).status == .ok)
            try await app.makeWorkflow("refused", stages: [Harness.stage("s", jobs: [Self.job("good", registry: refusedID)])])
            let id = try await app.run("refused")
            let refused = try await app.waitFor("refused", id, seconds: 180)
            #expect(refused["status"].string == "failed")
            let reason = refused["stages"][0]["jobs"][0]["error"].string ?? ""
            #expect(reason.contains("docker build: pushing \(registry.host)/other/web-app:"), "\(refused)")
            #expect(reason.contains("to \(registry.host) failed (podman exited with code"), "\(reason)")
            #expect(try await registry.tags(of: "other/web-app") == [])
            #expect(!(try await app.log("refused", id, job: "build")).contains("wrong-s3cret-6"))

            // A job naming an unknown registry fails before anything runs.
            try await app.makeWorkflow("unknown", stages: [Harness.stage("s", jobs: [Self.job("good", registry: "9999")])])
            let unknown = try await app.waitFor("unknown", try await app.run("unknown"), seconds: 60)
            #expect(unknown["status"].string == "failed")
            #expect(unknown["stages"][0]["jobs"][0]["error"].string == "build good: docker build: image registry 9999 not found", "\(unknown)")

            // A docker_build step that cannot run is refused when the build is saved.
            let bad = Self.build("bad").replacingOccurrences(of: "--build-arg GREETING=hello", with: "--network host")
            let answer = try await app.call(.post, "/openapi/build", body: bad)
            #expect(answer.status == .badRequest)
            #expect(
                answer.json["description"].string
                    == #"post_build.docker_build.build_args: only --build-arg KEY=VALUE is supported (got "--network")"#, "\(answer.text)")
            let outside = try await app.call(.post, "/openapi/build", body: Self.build("bad", dockerfile: "../Dockerfile"))
            #expect(outside.json["description"].string == "post_build.docker_build.docker_file must be a relative path inside the workspace")
        }
    }

    /// A Dockerfile with `RUN`: rootless podman cannot run it inside the job sandbox (see
    /// `ImageBuild.runLimitation`), and the job fails saying so, with the instruction's line.
    @Test(arguments: StoreKind.enabled)
    func runInstructionFailsWithTheReason(kind: StoreKind) async throws {
        let registry = try await LoopbackRegistry.start(user: "pusher", password: "run-s3cret-3")
        defer { registry.stop() }
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/system/registry", body: Self.registryBody(registry, password: "run-s3cret-3")).status == .ok)
            let id = try #require(try await app.call(.get, "/openapi/system/registry").json[0]["registry_id"].string)
            let script = """
                mkdir -p image && cp /bin/busybox image/busybox
                printf '# a tool\\nFROM scratch\\nCOPY busybox /bin/busybox\\nRUN ["/bin/busybox", "touch", "/made"]\\n' > image/Dockerfile
                """
            #expect(try await app.call(.post, "/openapi/build", body: Self.build("with-run", script: script)).status == .ok)
            try await app.makeWorkflow("run", stages: [Harness.stage("s", jobs: [Self.job("with-run", registry: id)])])
            let failed = try await app.waitFor("run", try await app.run("run"), seconds: 180)
            #expect(failed["status"].string == "failed", "\(failed)")
            let error = failed["stages"][0]["jobs"][0]["error"].string ?? ""
            #expect(error.contains("docker build: podman build of \(registry.host)/slipway/web-app:"), "\(error)")
            #expect(error.contains("its RUN instruction (line 4) cannot run inside the job sandbox"), "\(error)")
            #expect(try await registry.tags(of: "slipway/web-app") == [])
        }
    }

    @Test func findsRunInstructions() {
        #expect(DockerBuildStep.firstRunInstruction(in: "FROM scratch\nCOPY a /a\n") == nil)
        #expect(DockerBuildStep.firstRunInstruction(in: "FROM scratch\n# RUN no\nLABEL a=\\\n  RUN\n  run echo\n") == 5)
        #expect(DockerBuildStep.firstRunInstruction(in: "FROM scratch\nRUN[\"/bin/true\"]\n") == 2)
    }
}
