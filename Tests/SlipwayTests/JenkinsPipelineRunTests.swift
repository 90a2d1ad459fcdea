import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// A Jenkinsfile run for real by the engine, in the sandbox: sequential and parallel stages,
/// `when`, `post`, a failing step, `junit` files kept, per-step records and logs.
@Suite struct JenkinsPipelineRunTests {
    static let jenkinsfile = #"""
        pipeline {
            agent any
            environment { COPY = "${env.CHANNEL}" }
            stages {
                stage('Prepare') {
                    steps {
                        sh 'mkdir -p reports && printf "<testsuite/>" > reports/a.xml'
                        echo "channel ${env.CHANNEL}"
                        sh 'echo "token=$TOKEN"'
                        sh "echo hostile=${env.HOSTILE}"
                    }
                }
                stage('Tests') {
                    parallel {
                        stage('Unit') { steps { sh 'echo unit-ran'; junit 'reports/*.xml' } }
                        stage('Lint') { steps { sh 'echo lint-ran' } }
                    }
                }
                stage('Skipped') { when { branch 'release/*' } steps { sh 'echo never' } }
                stage('Deploy') {
                    when { expression { env.CHANNEL == 'beta' && params.DRY != 'true' } }
                    steps { sh 'echo "copy=$COPY"; exit 3' }
                    post { failure { echo 'deploy failed' } }
                }
                stage('After') { steps { sh 'echo not-run' } }
            }
            parameters { string(name: 'DRY', defaultValue: 'false') }
            post {
                always { echo 'always ran' }
                failure { echo 'pipeline failed' }
            }
        }
        """#

    @Test(arguments: StoreKind.enabled)
    func aPipelineRunsInTheSandbox(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let pwned = app.scratch.appendingPathComponent("pwned").path
            let env = ["CHANNEL": "beta", "HOSTILE": "$(touch \(pwned))"]
            let envText = String(decoding: try JSONEncoder().encode(env), as: UTF8.self)
            let spec: JSONValue = .object([
                "repo_url": .string(""), "commit": .string(""), "branch": .string("main"), "jenkinsfile": .string(Self.jenkinsfile),
                "env": .string(envText), "secrets": .string(#"{"TOKEN":"s3cr3t-value"}"#), "cache_directory": .string(""), "cache_paths": .array([]),
            ])
            let workflow = Workflow(
                key: "ci-run", displayName: "ci run", projectKey: "demo", description: "", params: [],
                stages: [StageDefinition(name: "build", parallel: false, jobs: [JobDefinition(name: "pipeline", type: .jenkinsPipeline, spec: spec)])],
                createdBy: "admin")
            try await app.store.workflows.create(workflow)
            let task = try await app.engine.submit(workflow, RunRequest(creator: "admin"))
            let done = try await app.waitFor("ci-run", task.taskID)
            #expect(done["status"].string == "failed")
            #expect(done["stages"][0]["jobs"][0]["error"].string?.contains("exited with code 3") == true, "\(done)")

            let record = try #require(app.engine.jenkinsRecord(workflowKey: "ci-run", taskID: task.taskID, jobName: "pipeline"))
            func stage(_ name: String) -> JenkinsRunRecord.Stage? { record.stages.first { $0.name == name } }
            #expect(stage("Prepare")?.result == .success)
            #expect(stage("Tests")?.result == .success)
            #expect(stage("Unit")?.type == "PARALLEL" && stage("Unit")?.parentID == stage("Tests")?.id)
            #expect(stage("Lint")?.result == .success)
            #expect(stage("Skipped")?.state == .skipped)
            #expect(stage("Deploy")?.result == .failure)
            #expect(stage("After")?.state == .notBuilt)
            #expect(stage("Declarative: Post Actions")?.result == .success)

            let unitSteps = record.steps.filter { $0.stageID == stage("Unit")?.id }
            #expect(unitSteps.map(\.displayName) == ["Shell Script", "Archive JUnit-formatted test results"])
            let unitLog = app.engine.jenkinsStepLog(workflowKey: "ci-run", taskID: task.taskID, jobName: "pipeline", stepID: unitSteps[0].id)
            #expect(unitLog.contains("unit-ran") && !unitLog.contains("lint-ran"), "\(unitLog)")
            let report = try #require(unitSteps.last?.reports.first)
            let artifacts = app.engine.artifactsDirectory(workflowKey: "ci-run", taskID: task.taskID, jobName: "pipeline")
            #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent(report).path), "junit file kept at \(report)")

            let log = try await app.log("ci-run", task.taskID, job: "pipeline")
            for line in ["channel beta", "copy=beta", "deploy failed", "always ran", "pipeline failed", "[Unit] unit-ran"] {
                #expect(log.contains(line), "\(line) in \(log)")
            }
            #expect(!log.contains("never") && !log.contains("not-run"))
            #expect(log.contains("token=***") && !log.contains("s3cr3t-value"), "secrets are masked")
            #expect(log.contains("hostile=$(touch \(pwned))"), "a value reaches the shell as data")
            #expect(!FileManager.default.fileExists(atPath: pwned))
        }
    }
}
