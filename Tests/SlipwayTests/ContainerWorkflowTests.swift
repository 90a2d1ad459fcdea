import Foundation
import Testing

/// Container jobs through the real app and engine (issue 13.1): a freestyle job with Zadig's
/// custom build OS image and a plugin job with its declared image run in the tiny busybox image
/// (no bash, no host tools); cancelling a task removes its container.
@Suite(.enabled(if: TinyImage.available, Comment(rawValue: TinyImage.skipReason)))
struct ContainerWorkflowTests {
    static func freestyleInImage(_ name: String, _ script: String, image: String, envs: String = "[]") -> String {
        """
        {"name":"\(name)","type":"freestyle","spec":{"properties":{"timeout":60,"build_os":"\(image)","image_from":"custom","envs":\(envs)},
         "steps":[{"name":"run","type":"shell","spec":{"script":\(Harness.jsonString(script))}}]}}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func freestyleAndPluginJobsRunInTheirImages(kind: StoreKind) async throws {
        let image = try await TinyImage.ensure()
        try await withApp(kind) { app in
            let owner = "slipway.data=\(app.scratch.deletingLastPathComponent().standardizedFileURL.path)"
            // busybox's `ls` of /bin shows the image's root, not the host's (which has bash).
            let script =
                #"echo "greeting=$GREETING"; echo "bash-here=$(ls /bin | grep -c '^bash$')"; echo built > artifact.txt; echo done > "$SLIPWAY_OUTPUTS_DIR/RESULT""#
            let envs = #"[{"key":"GREETING","value":"hello-container","type":"string","is_credential":false}]"#
            let plugin = """
                {"name":"greet","type":"plugin","spec":{"plugin":{"name":"hello","version":"v1","image":"\(image)",
                 "cmds":["/bin/sh","-c"],"args":["echo plugin-says $(inputs.WHO) uid=$(id -u)"],
                 "inputs":[{"name":"WHO","type":"string","value":"zadig"}]}}}
                """
            try await app.makeWorkflow(
                "boxed",
                stages: [Harness.stage("s", jobs: [Self.freestyleInImage("build", script, image: image, envs: envs), plugin])])
            let id = try await app.run("boxed")
            let done = try await app.waitFor("boxed", id, seconds: 120)
            #expect(done["status"].string == "passed", "\(done)")
            let log = try await app.log("boxed", id, job: "build")
            #expect(log.contains("greeting=hello-container"), "\(log)")
            #expect(log.contains("bash-here=0"), "the step ran in the image, not on the host: \(log)")
            #expect(SandboxTests.output(done, "RESULT") == "done", "outputs written in the container reach the task")
            let pluginLog = try await app.log("boxed", id, job: "greet")
            #expect(pluginLog.contains("plugin-says zadig"), "\(pluginLog)")
            if getuid() == 0 { #expect(pluginLog.contains("uid=65534"), "\(pluginLog)") }
            #expect(try TinyImage.containers(label: owner).isEmpty, "nothing is left after the jobs")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func failingAndCancelledContainerJobs(kind: StoreKind) async throws {
        let image = try await TinyImage.ensure()
        try await withApp(kind) { app in
            let owner = "slipway.data=\(app.scratch.deletingLastPathComponent().standardizedFileURL.path)"
            try await app.makeWorkflow("fails", stages: [Harness.stage("s", jobs: [Self.freestyleInImage("bad", "echo failing; exit 5", image: image)])])
            let failed = try await app.waitFor("fails", try await app.run("fails"), seconds: 120)
            #expect(failed["status"].string == "failed")
            #expect(failed["stages"][0]["jobs"][0]["error"].string?.contains("code 5") == true, "\(failed)")

            try await app.makeWorkflow(
                "sleepy", stages: [Harness.stage("s", jobs: [Self.freestyleInImage("nap", "echo napping; sleep 300", image: image)])])
            let id = try await app.run("sleepy")
            _ = try await app.waitFor("sleepy", id, seconds: 120) { _ in (try? TinyImage.containers(label: owner).count) == 1 }
            let cancel = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=sleepy")
            #expect(cancel.status == .ok)
            let done = try await app.waitFor("sleepy", id, seconds: 60)
            #expect(done["status"].string == "cancelled")
            var left = try TinyImage.containers(label: owner)
            for _ in 0..<50 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                left = try TinyImage.containers(label: owner)
            }
            #expect(left.isEmpty, "cancel removes the container")
        }
    }
}
