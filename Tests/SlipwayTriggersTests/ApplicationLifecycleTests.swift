import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTriggers
import Testing

/// Cancel keeps every step's status (and runs clean-up steps), application update and remove,
/// and who may create an application on a hosted repository.
@Suite(.serialized) struct ApplicationLifecycleTests {
    func createApp(
        _ h: TriggerHarness, project: String, depot: String, secrets: String = #"{"TOKEN":"t0ken-value"}"#,
        token: String? = nil
    ) async throws -> Reply {
        try await h.api(
            .post, "/api/flow/application/create",
            """
            {"repo":"\(depot)","owner":"\(project)","repo_url":"http://x/\(project)/\(depot).git","provider_repo_id":"0",
             "provider":"coding","trigger_spec":{"coding":{"events":[{"eventName":"push"}]}},"secrets":\(secrets)}
            """, token: token)
    }

    @Test func cancelKeepsStepStatusesAndRunsCleanup() async throws {
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "cx", name: "svc")
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    steps:
                      - id: slow
                        run: echo started; sleep 60
                      - id: next
                        run: echo next-ran
                      - id: cleanup
                        if: ${{ cancelled() }}
                        run: echo "cleanup ran after ${{ steps.slow.status }}"
                      - id: report
                        if: ${{ always() }}
                        run: echo always-ran
                      - id: onfail
                        if: ${{ failure() }}
                        run: echo failure-ran
                    """
                ])
            let app = try #require(try await createApp(h, project: "cx", depot: "svc").json["data"]["id"].string)
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, !(try await logText(h, Int64(app)!, 1)).contains("started") {
                try await Task.sleep(for: .milliseconds(50))
            }
            let cancel = try await h.api(.post, "/api/flow/dispatch/cancel", #"{"taskId":"\#(app)-1"}"#)
            #expect(cancel.status == .ok, "\(cancel.text)")
            await h.engine.waitUntilIdle()
            let detail = try await h.api(.get, "/api/flow/task/detail?taskId=\(app)-1")
            #expect(detail.json["data"]["status"].string == "cancelled")
            let statuses = Dictionary(
                uniqueKeysWithValues: detail.json["data"]["steps"].array.map {
                    ($0["id"].string ?? "", $0["status"].string ?? "")
                })
            #expect(
                statuses == ["slow": "cancelled", "next": "skipped", "cleanup": "success", "report": "success", "onfail": "skipped"],
                "\(detail.text)")
            let log = try await logText(h, Int64(app)!, 1)
            #expect(log.contains("cleanup ran after cancelled"))
            #expect(log.contains("always-ran"))
            // Step headers quote the command; only an output line is the bare text.
            let lines = Set(log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(lines.contains("always-ran"))
            #expect(!lines.contains("next-ran"))
            #expect(!lines.contains("failure-ran"))
        }
    }

    @Test(arguments: TriggerStoreKind.enabled) func updateAndRemove(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let depot = try await h.makeDepot(project: "up", name: "svc")
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    steps:
                      - run: echo "new=${{ secrets.NEW }} old=${{ secrets.TOKEN }} sleep=$(sleep ${{ inputs.wait }})"
                    """
                ])
            let app = try #require(try await createApp(h, project: "up", depot: "svc").json["data"]["id"].string)

            // A bad filter changes nothing.
            let bad = try await h.api(
                .post, "/api/flow/application/update",
                #"{"id":"\#(app)","description":"x","trigger_spec":{"coding":{"events":[{"eventName":"push","filter":"body.ref =="}]}}}"#)
            #expect(bad.status == .badRequest)
            #expect(try await h.api(.get, "/api/flow/application/detail?id=\(app)").json["data"]["description"].string == "")

            let updated = try await h.api(
                .post, "/api/flow/application/update",
                #"{"id":"\#(app)","description":"deploys svc","secrets":{"NEW":"fresh-secret","TOKEN":null}}"#)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated.json["data"]["description"].string == "deploys svc")
            #expect(updated.json["data"]["secrets"] == .object(["NEW": .string("******")]))
            #expect(!updated.text.contains("fresh-secret"))
            let hosted = try await h.api(.post, "/api/flow/application/update", #"{"id":"\#(app)","repo_url":"https://example.com/a.git"}"#)
            #expect(hosted.status == .badRequest)

            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main","inputs":{"wait":"0"}}"#)
            #expect(try await h.waitForTask(Int64(app)!, 1).status == .passed)
            let log = try await logText(h, Int64(app)!, 1)
            #expect(log.contains("new=*** old= sleep="), "\(log)")
            #expect(!log.contains("fresh-secret"))

            // Remove is refused while a task runs, then takes the task history with it.
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main","inputs":{"wait":"60"}}"#)
            let busy = try await h.api(.post, "/api/flow/application/remove", #"{"id":"\#(app)"}"#)
            #expect(busy.status == .badRequest, "\(busy.text)")
            _ = try await h.api(.post, "/api/flow/dispatch/cancel", #"{"taskId":"\#(app)-2"}"#)
            await h.engine.waitUntilIdle()
            let removed = try await h.api(.post, "/api/flow/application/remove", #"{"id":"\#(app)"}"#)
            #expect(removed.status == .ok, "\(removed.text)")
            #expect(try await h.api(.get, "/api/flow/application/detail?id=\(app)").status == .notFound)
            #expect(try await h.api(.get, "/api/flow/application/list").json["data"].array.isEmpty)
            #expect(try await h.tasks(Int64(app)!).isEmpty)
            #expect(try await h.store.serverlessApps.dispatches(appID: Int64(app)!).isEmpty)
        }
    }

    /// Deploying a hosted repository needs developer access: a read-only member is refused.
    @Test func createNeedsDeveloperAccess() async throws {
        try await withTriggers { h in
            _ = try await h.makeDepot(project: "acl", name: "svc")
            let viewer = User(uid: UUID().uuidString, account: "viewer", name: "Viewer", email: "v@example.com")
            try await h.store.users.create(viewer)
            try await h.store.roles.addBindings(namespace: "acl", role: Role.readOnly, subjects: [.user(uid: viewer.uid)])
            let token = try await h.store.tokens.issue(userUID: viewer.uid, name: "t").secret
            let reply = try await createApp(h, project: "acl", depot: "svc", token: token)
            #expect(reply.status == .forbidden, "\(reply.text)")
            #expect(try await h.store.serverlessApps.list(userID: nil).isEmpty)
        }
    }
}

/// Issue 11: an application and its workflow are created in one transaction.
@Suite(.serialized) struct ApplicationCreateAtomicityTests {
    /// The workflow insert fails after the application row was written (its key is taken): the
    /// whole create rolls back, leaving no application and no workflow of it, and the workflow
    /// that held the key is untouched.
    @Test(arguments: TriggerStoreKind.enabled) func failedWorkflowLeavesNothing(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            _ = try await h.makeDepot(project: "at", name: "svc")
            try await h.store.projects.create(Project(key: "other", name: "other", createdBy: h.admin.account), creatorUID: h.admin.uid)
            // The first application gets id 1, so its workflow key is sdevs-app-1: already taken.
            let squatter = Workflow(key: "sdevs-app-1", displayName: "squatter", projectKey: "other", createdBy: h.admin.account)
            try await h.store.workflows.create(squatter)
            let reply = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"at","repo_url":"http://x/at/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """)
            #expect(reply.status == .conflict, "\(reply.text)")
            #expect(reply.json["success"] == .bool(false))
            #expect(try await h.store.serverlessApps.list(userID: nil).isEmpty)
            #expect(try await h.store.workflows.list(projectKey: "at").isEmpty)
            let kept = try #require(try await h.store.workflows.get(key: "sdevs-app-1"))
            #expect(kept.projectKey == "other")
            #expect(kept.displayName == "squatter")
            #expect(kept.stages.isEmpty)
        }
    }
}
