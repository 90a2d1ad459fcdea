import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayStore
import Testing

/// The end of every task the engine announces.
actor TaskEnds: TaskObserver {
    private var ends: [String: TaskEvent] = [:]

    func task(_ task: WorkflowTask, did event: TaskEvent) async {
        guard event != .created, event != .running else { return }
        ends["\(task.workflowKey):\(task.taskID)"] = event
    }

    /// How the task ended, if it did.
    func event(_ workflowKey: String, _ taskID: Int) -> TaskEvent? { ends["\(workflowKey):\(taskID)"] }

    /// How the task ended, waiting up to `seconds` for it.
    func end(_ workflowKey: String, _ taskID: Int, seconds: Double = 20) async throws -> TaskEvent? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let event = ends["\(workflowKey):\(taskID)"] { return event }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

/// A project with something in every table a project owns, built through the dialects where
/// they build it (Zadig: project, workflows, tasks, views, tickets; CODING: the depot and its
/// repository; Serverless Devs: an application on the depot) and through the store for the
/// depot's review objects.
struct ProjectFixture: Sendable {
    let key: String
    let codingID: Int
    let depotID: Int64
    let appID: Int64
    /// The workflow whose task 1 runs and task 2 waits (when built with `running`).
    var slowWorkflow: String { "\(key)-slow" }
    var appWorkflow: String { "sdevs-app-\(appID)" }

    /// The project's directory of repositories.
    func directory(_ app: Harness) -> String {
        app.scratch.deletingLastPathComponent().appendingPathComponent("git/slipway/\(key)").path
    }

    static func build(_ key: String, _ app: Harness, running: Bool) async throws -> ProjectFixture {
        let admin = try #require(try await app.store.users.find(account: "admin"))
        let project = try await app.call(
            .post, "/openapi/projects/project/init/yaml",
            body: """
                {"project_name":"\(key)","project_key":"\(key)","is_public":false,"description":"","project_type":"yaml",
                 "service_list":[{"source":"yaml","service_name":"web","yaml":"kind: Service\\n","auto_sync":false}],
                 "env_list":[{"env_key":"dev","cluster_name":"local","namespace":"\(key)-dev"}]}
                """)
        #expect(project.status == .ok, "\(project.text)")
        try await app.makeWorkflow("\(key)-quick", project: key, stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "echo ok")])])
        try await app.waitFor("\(key)-quick", try await app.run("\(key)-quick", project: key))
        if running {
            try await app.makeWorkflow(
                "\(key)-slow", project: key, limit: 1,
                stages: [
                    Harness.stage("s", jobs: [Harness.shellJob("j", "sleep 120", timeout: 10)])
                ])
            let first = try await app.run("\(key)-slow", project: key)
            try await app.waitFor("\(key)-slow", first) { $0["status"].string == "running" }
            let second = try await app.run("\(key)-slow", project: key)
            #expect(try await app.task("\(key)-slow", second)["status"].string == "waiting")
        }
        let view = try await app.call(
            .post, "/openapi/workflows/view",
            body: """
                {"project_key":"\(key)","name":"v","workflow_list":[{"workflow_key":"\(key)-quick","workflow_type":"custom"}]}
                """)
        #expect(view.status == .ok, "\(view.text)")
        let now = Int(Date().timeIntervalSince1970)
        let ticket = try await app.call(
            .post, "/openapi/ticket/approval",
            body: """
                {"project_key":"\(key)","approval_id":"CR-1","status":1,"envs":["prod"],"services":[],"users":[],
                 "execution_window_start":\(now - 60),"execution_window_end":\(now + 3600)}
                """)
        #expect(ticket.status == .ok, "\(ticket.text)")

        let described = try await app.call(
            .post, "/open-api?Action=DescribeProjectByName", auth: .codingToken(app.adminToken),
            body: #"{"ProjectName":"\#(key)"}"#)
        let codingID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
        let depot = try await app.call(
            .post, "/open-api?Action=CreateGitDepot", auth: .codingToken(app.adminToken),
            body: #"{"ProjectId":\#(codingID),"DepotName":"svc"}"#)
        let depotID = Int64(try #require(depot.json["Response"]["DepotId"].int, "\(depot.text)"))
        try await populateDepotReviewObjects(app.store, depotID: depotID, projectKey: key, uid: admin.uid)

        let created = try await app.call(
            .post, "/api/flow/application/create", auth: .cdToken(app.adminToken),
            body: """
                {"repo":"svc","owner":"\(key)","repo_url":"http://x/\(key)/svc.git","provider_repo_id":"\(depotID)","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """)
        let appID = Int64(try #require(created.json["data"]["id"].string, "\(created.text)")) ?? 0
        _ = try await app.store.serverlessApps.reserve(
            ServerlessDispatch(
                appID: appID, eventName: "push", ref: "refs/heads/main", commit: "abc", message: "", payload: .object([:]),
                dedupKey: "\(key)-push", createdBy: "admin"))
        // Zadig builds, tests, scans and what their runs recorded (issue 15).
        try await app.store.quality.create(BuildDefinition(projectKey: key, name: "b", script: "true"))
        try await app.store.quality.create(TestDefinition(projectKey: key, name: "t", script: "true"))
        try await app.store.quality.create(ScanDefinition(projectKey: key, name: "s", script: "true"))
        let run = (workflow: "\(key)-quick", task: 1, job: "j")
        try await app.store.quality.record(
            [
                TestCaseResult(
                    projectKey: key, testName: "t", workflowKey: run.workflow, taskID: run.task, jobName: run.job, index: 0, name: "c", outcome: .passed)
            ],
            workflowKey: run.workflow, taskID: run.task, jobName: run.job)
        try await app.store.quality.record(
            ScanResult(projectKey: key, scanName: "s", workflowKey: run.workflow, taskID: run.task, jobName: run.job, qualityGate: "", report: ""))
        // A CODING CD application bound to the project (issue 15).
        try await app.store.cdApplications.save(CdApplication(name: "\(key)-cd", user: "admin", lastModifyNickName: "Admin"), replace: false)
        try await app.store.cdApplications.bind("\(key)-cd", projectKey: key)
        // A CODING CI job on the depot, and a build of it.
        let jenkinsfile = Harness.jsonString("pipeline {\n agent any\n stages { stage('a') { steps { sh 'true' } } }\n}")
        let job = try await app.call(
            .post, "/open-api?Action=CreateCodingCIJob", auth: .codingToken(app.adminToken),
            body: """
                {"ProjectId":\(codingID),"DepotId":\(depotID),"Name":"ci","ExecuteIn":"CVM","HookType":"BRANCH","JenkinsFileFromType":"STATIC",
                 "JenkinsFileStaticContent":\(jenkinsfile),"AutoCancelSameRevision":false,"AutoCancelSameMergeRequest":false,
                 "JobFromType":"CODING","DepotType":"CODING"}
                """)
        let jobID = Int64(try #require(job.json["Response"]["Data"]["Id"].int, "\(job.text)"))
        _ = try await app.store.ci.createBuild(
            CIBuild(
                jobID: jobID, number: 0, branch: "main", commit: "abc", cause: "fixture", triggerMethod: "MANUAL", jenkinsfile: "",
                params: [], creatorUID: admin.uid, createdAt: 1))
        // A Zadig delivery version of the project (issue 15).
        try await app.store.deliveryVersions.create(
            DeliveryVersion(
                id: ReleasePlan.newID(), projectKey: key, version: "v1", source: "manual",
                services: [DeliveryVersion.Service(serviceName: "web", yamlContent: "kind: Service\n", images: [])], status: "success",
                createdBy: "admin", createdAt: 1))
        try await populatePlanning(key, app)
        try await populateTestManagement(key, app)
        try await populateWiki(key, app)
        try await populateAgile(key, codingID: codingID, app)
        try await populateIssueActivity(key, app)
        try await populateIssueLabels(key, codingID: codingID, app)
        return ProjectFixture(key: key, codingID: codingID, depotID: depotID, appID: appID)
    }
}
