import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// CODING CI builds whose Jenkinsfile names an agent label (issue 15), on both stores, with a
/// real `slipway agent` process on loopback: a stage's `agent { label }` runs its steps on the
/// agent carrying that label (the other stages on the server); a label no agent carries leaves
/// the build `QUEUED` with the reason in its log, nothing run on the server, until it is stopped.
@Suite(.serialized) struct CIAgentLabelTests {
    static func coding(_ app: Harness, _ action: String, _ body: String) async throws -> JSON {
        try await CdAgentStageTests.coding(app, action, body)
    }

    /// A CI job on `depotID` running `jenkinsfile`; its id.
    static func job(_ app: Harness, project: Int, depot: Int, name: String, _ jenkinsfile: String) async throws -> Int {
        let created = try await coding(
            app, "CreateCodingCIJob",
            """
            {"ProjectId":\(project),"DepotId":\(depot),"Name":"\(name)","ExecuteIn":"CVM","HookType":"DEFAULT",
             "BranchSelector":"master","TriggerMethodList":["REF_CHANGE"],"JenkinsFileFromType":"STATIC",
             "JenkinsFileStaticContent":\(CdAgentStageTests.quote(jenkinsfile)),"AutoCancelSameRevision":false,
             "AutoCancelSameMergeRequest":false,"JobFromType":"CODING","DepotType":"CODING","TriggerRemind":"ALWAYS","EnvList":[]}
            """)
        return try #require(created["Data"]["Id"].int, "\(created)")
    }

    static func trigger(_ app: Harness, _ jobID: Int) async throws -> Int {
        let reply = try await coding(app, "TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"master","ParamList":[]}"#)
        return try #require(reply["Data"]["Build"]["Id"].int, "\(reply)")
    }

    /// Poll DescribeCodingCIBuild until `done` holds for its `Build` (60 s at most).
    static func build(_ app: Harness, _ id: Int, until done: (JSON) -> Bool) async throws -> JSON {
        var last = JSON.missing
        for _ in 0..<600 {
            last = try await coding(app, "DescribeCodingCIBuild", #"{"BuildId":\#(id)}"#)["Build"]
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("build \(id) never reached the state: \(last)")
        return last
    }

    static func ended(_ build: JSON) -> Bool {
        ["SUCCEED", "FAILED", "ABORTED", "TIMEOUT", "NOT_BUILT"].contains(build["Status"].string ?? "")
    }

    static func log(_ app: Harness, _ id: Int) async throws -> String {
        try await coding(app, "DescribeCodingCIBuildLog", #"{"BuildId":\#(id),"Start":0}"#)["Data"]["Log"].string ?? ""
    }

    @Test(arguments: StoreKind.enabled)
    func labelledStagesRunOnTheirAgentAndUnservedLabelsWait(kind: StoreKind) async throws {
        let agents = AgentDispatcher(settings: .init(leaseDuration: .seconds(10), pollHold: .seconds(1)))
        try await withApp(kind, live: true, agents: agents) { app in
            let (token, _) = try await app.store.agents.issue(name: "ci-runner", labels: ["ci-linux"])
            let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("ci-agent-\(UUID().uuidString)").path
            let process = try ServerProcess(
                ["agent", "--server", try #require(app.baseURL), "--labels", "ci-linux", "--executor", "host", "--work-dir", workDir],
                environment: ["SLIPWAY_AGENT_TOKEN": token])
            _ = try await process.waitFor("agent ci-runner connected")

            _ = try await app.makeProject("ci-agents")
            let project = try #require(try await Self.coding(app, "DescribeProjectByName", #"{"ProjectName":"ci-agents"}"#)["Project"]["Id"].int)
            let depot = try #require(try await Self.coding(app, "CreateGitDepot", #"{"ProjectId":\#(project),"DepotName":"svc"}"#)["DepotId"].int)
            let commit = try await Self.coding(
                app, "CreateGitCommit",
                #"{"DepotPath":"\#(depot)","Ref":"master","Message":"first","LastCommitSha":"","CommitFiles":[{"Path":"version.txt","Content":"v7\n"}]}"#)
            #expect(commit["Error"]["Code"].string == nil, "\(commit)")

            // The labelled stage runs on the agent, in its copy of the checked-out depot.
            let staged = """
                pipeline {
                    agent any
                    stages {
                        stage('Remote') {
                            agent { label 'ci-linux' }
                            steps { sh 'echo "remote in $(pwd) has $(cat version.txt)"' }
                        }
                        stage('Local') { steps { sh 'echo "local in $(pwd)"' } }
                    }
                }
                """
            let stagedJob = try await Self.job(app, project: project, depot: depot, name: "staged", staged)
            let stagedID = try await Self.trigger(app, stagedJob)
            let done = try await Self.build(app, stagedID, until: Self.ended)
            #expect(done["Status"].string == "SUCCEED", "\(done)")
            let log = try await Self.log(app, stagedID)
            #expect(log.contains("remote in \(workDir)/jobs/") && log.contains("has v7"), "the stage ran on the agent: \(log)")
            let local = try #require(log.split(separator: "\n").first { $0.contains("local in ") }, "\(log)")
            #expect(!local.contains(workDir), "the unlabelled stage ran on the server: \(local)")

            // A label no agent carries: the build waits, queued with the reason, and runs nothing.
            let unserved = """
                pipeline {
                    agent { label 'gpu' }
                    stages { stage('Train') { steps { sh 'echo training-started' } } }
                }
                """
            let waitingJob = try await Self.job(app, project: project, depot: depot, name: "waiting", unserved)
            let waitingID = try await Self.trigger(app, waitingJob)
            var waiting = try await Self.build(app, waitingID) { $0["Status"].string == "QUEUED" && $0["StartedAt"].int ?? -1 > 0 }
            for _ in 0..<3 where waiting["Status"].string == "QUEUED" {
                try await Task.sleep(for: .seconds(1))
                waiting = try await Self.coding(app, "DescribeCodingCIBuild", #"{"BuildId":\#(waitingID)}"#)["Build"]
            }
            #expect(waiting["Status"].string == "QUEUED" && waiting["NodeObtainedAt"].int == -1, "\(waiting)")
            let waitingLog = try await Self.log(app, waitingID)
            #expect(waitingLog.contains("waiting for an agent with labels gpu"), "\(waitingLog)")
            #expect(!waitingLog.contains("training-started"), "nothing ran on the server: \(waitingLog)")
            #expect(try await Self.coding(app, "StopCodingCIBuild", #"{"BuildId":\#(waitingID)}"#)["Error"]["Code"].string == nil)
            let stopped = try await Self.build(app, waitingID, until: Self.ended)
            #expect(stopped["Status"].string == "ABORTED", "\(stopped)")

            // A stage's unserved label: the stages before it ran, the stage waits with the reason in the log.
            let late = """
                pipeline {
                    agent any
                    stages {
                        stage('Prepare') { steps { sh 'echo prepared-here' } }
                        stage('Train') { agent { label 'gpu' }; steps { sh 'echo training-started' } }
                    }
                }
                """
            let lateID = try await Self.trigger(app, try await Self.job(app, project: project, depot: depot, name: "late", late))
            var lateLog = ""
            for _ in 0..<100 where !lateLog.contains("waiting for an agent with labels gpu") {
                try await Task.sleep(for: .milliseconds(100))
                lateLog = try await Self.log(app, lateID)
            }
            #expect(lateLog.contains("prepared-here") && lateLog.contains("waiting for an agent with labels gpu"), "\(lateLog)")
            try await Task.sleep(for: .seconds(1))
            #expect(!(try await Self.log(app, lateID)).contains("training-started"), "the stage did not run on the server")
            _ = try await Self.coding(app, "StopCodingCIBuild", #"{"BuildId":\#(lateID)}"#)
            #expect(try await Self.build(app, lateID, until: Self.ended)["Status"].string == "ABORTED")

            process.signal(SIGTERM)
            _ = try await process.waitForExit(seconds: 10)
            try? FileManager.default.removeItem(atPath: workDir)
        }
    }
}
