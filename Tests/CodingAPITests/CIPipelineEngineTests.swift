import Foundation
import SlipwayCore
import SlipwayTestSupport
import Testing

/// Parts of the Jenkinsfile subset run for real through CODING CI builds (issue 15), on both
/// stores: `agent { docker { image } }` runs the `sh` steps in a podman container of that image
/// (the tiny busybox image built during the run, nothing pulled), at the pipeline's or a stage's
/// level, in the build's one workspace; a pipeline's `options { timeout }` and the `timeout` step
/// end an overlong build as `TIMEOUT`, its processes gone. (Stages on labelled agents:
/// `CIAgentLabelTests`.)
@Suite(.enabled(if: TinyImage.available, Comment(rawValue: TinyImage.skipReason)))
struct CIPipelineEngineTests {
    /// A step that says where it runs: its hostname (the sandbox's and the container's are both
    /// `slipway-job`) and whether its root filesystem has `/etc/os-release` (the server's has, the
    /// busybox image has not).
    static func probe(_ tag: String) -> String {
        #"sh 'echo "\#(tag) host=$(cat /proc/sys/kernel/hostname) os-release=$(if [ -e /etc/os-release ]; then echo yes; else echo no; fi)"'"#
    }

    /// Create a CI job running `jenkinsfile` on the workspace's depot and trigger a build of it.
    static func start(_ f: CIFixture, name: String, _ jenkinsfile: String) async throws -> (job: CIFixture, id: Int64) {
        let created = try await f.h.action("CreateCodingCIJob", CIFixture.createBody(f.w, name: name, jenkinsfile: jenkinsfile))
        let jobID = Int64(try #require(created.response["Data"]["Id"].int, "\(created.text)"))
        let job = CIFixture(h: f.h, w: f.w, jobID: jobID)
        return (job, try await job.trigger())
    }

    /// As `start`, then wait for the build's end.
    static func build(_ f: CIFixture, name: String, _ jenkinsfile: String) async throws -> (id: Int64, build: JSONValue) {
        let (job, id) = try await start(f, name: name, jenkinsfile)
        return (id, try await job.finished(id))
    }

    /// Every step log of stage `name` of the build, joined.
    static func stageLog(_ h: CodingHarness, _ buildID: Int64, stage name: String) async throws -> String {
        let stageText = try await h.action("DescribeCodingCIBuildStage", #"{"BuildId":\#(buildID)}"#).response["Data"]["StageJsonString"].string
        let stages = JSONValue(text: stageText ?? "[]").array
        let stageID = try #require(stages.first { $0["displayName"].string == name }?["id"].string, "\(stageText ?? "")")
        let stepText = try await h.action("DescribeCodingCIBuildStep", #"{"BuildId":\#(buildID),"StageId":\#(stageID)}"#).response["Data"][
            "StepJsonString"
        ].string
        var log = ""
        for step in JSONValue(text: stepText ?? "[]").array {
            let stepID = try #require(step["id"].string)
            let reply = try await h.action(
                "DescribeCodingCIBuildStepLog", #"{"BuildId":\#(buildID),"StageId":\#(stageID),"StepId":\#(stepID),"Start":0}"#)
            log += reply.response["Data"]["Log"].string ?? ""
        }
        return log
    }

    /// The containers this harness's engine started (its data directory is their owner label).
    static func containers(_ h: CodingHarness) throws -> [String] {
        let data = URL(fileURLWithPath: h.gitRoot).deletingLastPathComponent().standardizedFileURL.path
        return try TinyImage.containers(label: "slipway.data=\(data)")
    }

    @Test(arguments: CodingStoreKind.enabled)
    func dockerAgentsRunTheStepsInTheirImage(kind: CodingStoreKind) async throws {
        let image = try await TinyImage.ensure()
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                // A stage's docker agent: its steps in the image, the next stage's on the server,
                // both in the one workspace (the checked-out depot).
                let staged = """
                    pipeline {
                        agent any
                        stages {
                            stage('Boxed') {
                                agent { docker { image '\(image)' } }
                                steps {
                                    \(Self.probe("boxed"))
                                    sh 'echo made-in-the-box > boxed.txt; ls'
                                }
                            }
                            stage('Plain') {
                                steps {
                                    \(Self.probe("plain"))
                                    sh 'echo "kept: $(cat boxed.txt)"'
                                }
                            }
                        }
                    }
                    """
                let (stagedID, stagedBuild) = try await Self.build(f, name: "staged", staged)
                #expect(stagedBuild["Status"].string == "SUCCEED", "\(stagedBuild)")
                let boxed = try await Self.stageLog(h, stagedID, stage: "Boxed")
                #expect(boxed.contains("boxed host=slipway-job os-release=no"), "the step ran in the image's container: \(boxed)")
                #expect(boxed.contains("README.md"), "the container works in the checked-out depot: \(boxed)")
                let plain = try await Self.stageLog(h, stagedID, stage: "Plain")
                #expect(plain.contains("os-release=yes"), "the next stage ran on the server's sandbox: \(plain)")
                #expect(plain.contains("kept: made-in-the-box"), "what the container wrote stays in the workspace: \(plain)")

                // The pipeline's docker agent: every stage in the image; a failing step fails the build.
                let whole = """
                    pipeline {
                        agent { docker { image '\(image)' } }
                        stages {
                            stage('One') { steps { \(Self.probe("one")) } }
                            stage('Two') {
                                steps {
                                    \(Self.probe("two"))
                                    sh 'echo no-bash=$(ls /bin | grep -c "^bash$"); exit 7'
                                }
                            }
                        }
                    }
                    """
                let (wholeID, wholeBuild) = try await Self.build(f, name: "whole", whole)
                #expect(wholeBuild["Status"].string == "FAILED", "\(wholeBuild)")
                #expect(wholeBuild["FailedMessage"].string?.contains("code 7") == true, "\(wholeBuild)")
                #expect(try await Self.stageLog(h, wholeID, stage: "One").contains("one host=slipway-job os-release=no"))
                let two = try await Self.stageLog(h, wholeID, stage: "Two")
                #expect(two.contains("two host=slipway-job os-release=no") && two.contains("no-bash=0"), "\(two)")
                #expect(try Self.containers(h).isEmpty, "no container is left after the builds")
            }
        }
    }

    /// Whether a process whose command line is `sleep <seconds>` still runs on this machine.
    static func sleeping(_ seconds: Int) -> Bool {
        let wanted = "sleep\0\(seconds)"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.contains { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).hasPrefix(wanted)
        }
    }

    /// Wait (10 s at most) until a `sleep <seconds>` runs (`running`) or none does; whether it happened.
    static func wait(_ seconds: Int, running: Bool) async throws -> Bool {
        for _ in 0..<100 {
            if sleeping(seconds) == running { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Build `jenkinsfile`, seeing its `sleep <seconds>` run, then end with the build; the build.
    static func buildSleeping(_ f: CIFixture, name: String, _ jenkinsfile: String, _ seconds: Int) async throws -> (id: Int64, build: JSONValue) {
        let (job, id) = try await start(f, name: name, jenkinsfile)
        #expect(try await wait(seconds, running: true), "the step's sleep ran")
        let build = try await job.finished(id)
        #expect(try await wait(seconds, running: false), "the step's process was ended")
        return (id, build)
    }

    @Test(arguments: CodingStoreKind.enabled)
    func timeoutsEndOverlongBuildsAsTimeout(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                // Distinct sleeps, so this test finds its own processes.
                let long = Int.random(in: 700_000...799_999), inner = long + 100_000
                let pipeline = """
                    pipeline {
                        agent any
                        options { timeout(time: 3, unit: 'SECONDS') }
                        stages { stage('Slow') { steps { sh 'echo napping; sleep \(long)' } } }
                    }
                    """
                let started = Date()
                let (id, build) = try await Self.buildSleeping(f, name: "slow", pipeline, long)
                #expect(build["Status"].string == "TIMEOUT", "\(build)")
                #expect(build["FailedMessage"].string == "the pipeline timed out after 3 seconds", "\(build)")
                #expect(Date().timeIntervalSince(started) < 50, "the limit is seconds, not a rounded-up minute")
                let log = try await h.action("DescribeCodingCIBuildLog", #"{"BuildId":\#(id),"Start":0}"#).response["Data"]["Log"].string ?? ""
                #expect(log.contains("napping") && log.contains("Timeout has been exceeded (3 seconds)"), "\(log)")

                // The `timeout` step: its block is stopped, the steps after it never run.
                let step = """
                    pipeline {
                        agent any
                        stages {
                            stage('Bounded') {
                                steps {
                                    timeout(time: 2, unit: 'SECONDS') { sh 'sleep \(inner)' }
                                    sh 'echo never-reached'
                                }
                            }
                        }
                    }
                    """
                let (stepID, stepBuild) = try await Self.buildSleeping(f, name: "bounded", step, inner)
                #expect(stepBuild["Status"].string == "TIMEOUT", "\(stepBuild)")
                #expect(stepBuild["FailedMessage"].string == "timed out after 2 seconds", "\(stepBuild)")
                let bounded = try await Self.stageLog(h, stepID, stage: "Bounded")
                #expect(!bounded.contains("never-reached"), "\(bounded)")
            }
        }
    }
}
