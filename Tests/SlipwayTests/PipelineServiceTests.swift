import Foundation
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServices
import Synchronization
import Testing

/// Issue 11 point 1: the pipeline operations as services, callable without a dialect in front.
@Suite struct PipelineServiceTests {
    /// The services over the harness's store and engine, with their own event bus.
    static func services(_ app: Harness, events: EventBus = EventBus()) throws -> ServiceContext {
        let git = try GitRepositories(root: app.scratch.deletingLastPathComponent().appendingPathComponent("git").path)
        return ServiceContext(
            store: app.store, engine: app.engine, depots: DepotLayout(git: git, teamName: "slipway"),
            events: events, logger: Logger(label: "test"))
    }

    @Test(arguments: StoreKind.enabled)
    func deletingAWorkflowTakesItOutOfEveryView(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("gone", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            try await app.makeWorkflow("kept", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            for view in ["release", "nightly"] {
                let created = try await app.call(
                    .post, "/openapi/workflows/view",
                    body: """
                        {"project_key":"demo","name":"\(view)","workflow_list":[{"workflow_key":"gone"},{"workflow_key":"kept"}]}
                        """)
                #expect(created.status == .ok, "\(created.text)")
            }
            let deleted = try await app.call(.delete, "/openapi/workflows/custom?workflowKey=gone&projectKey=demo")
            #expect(deleted.status == .ok, "\(deleted.text)")
            let views = try await app.store.views.list(projectKey: "demo")
            #expect(views.count == 2)
            for view in views {
                #expect(view.workflows.map(\.workflowKey) == ["kept"], "\(view.name) still lists the deleted workflow")
            }
            #expect(try await app.store.workflows.get(key: "gone") == nil)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aRefusedDeleteChangesNothing(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("busy", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "sleep 30")])])
            #expect(
                try await app.call(
                    .post, "/openapi/workflows/view",
                    body: """
                        {"project_key":"demo","name":"v","workflow_list":[{"workflow_key":"busy"}]}
                        """
                ).status == .ok)
            let id = try await app.run("busy")
            let admin = try #require(try await app.store.users.find(account: "admin"))
            let service = WorkflowService(try Self.services(app))
            await #expect(throws: PipelineError.self) { try await service.delete("busy", project: "demo", by: admin) }
            #expect(try await app.store.views.get(projectKey: "demo", name: "v")?.workflows.map(\.workflowKey) == ["busy"])
            #expect(try await app.store.workflows.get(key: "busy") != nil)
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?workflowKey=busy&taskId=\(id)").status == .ok)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func refusedSavesAndDeletesAnswerWithTheirZadigCodes(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("busy", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "sleep 30")])])
            let id = try await app.run("busy")
            let deleted = try await app.call(.delete, "/openapi/workflows/custom?workflowKey=busy&projectKey=demo")
            #expect(deleted.status == .badRequest)
            #expect(deleted.json["code"].int == 6543, "\(deleted.text)")
            #expect(deleted.json["description"].string?.contains("unfinished") == true, "\(deleted.text)")
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?workflowKey=busy&taskId=\(id)").status == .ok)

            _ = try await app.makeProject("other")
            let moved = try await app.call(
                .put, "/api/aslan/workflow/v4/busy",
                body: """
                    {"name":"busy","display_name":"busy","project":"other","concurrency_limit":-1,"stages":[\(Harness.stage("s", jobs: [Harness.shellJob("j", "true")]))]}
                    """)
            #expect(moved.status == .badRequest)
            #expect(moved.json["code"].int == 6540, "a workflow cannot move to another project: \(moved.text)")
            #expect(try await app.store.workflows.get(key: "busy")?.projectKey == "demo")
            let missing = try await app.call(.delete, "/openapi/workflows/custom?workflowKey=ghost&projectKey=demo")
            #expect(missing.status == .notFound, "an unknown workflow is not found before any delete: \(missing.text)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func runGoesThroughTheApprovalTicketGate(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("gated", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            var workflow = try #require(try await app.store.workflows.get(key: "gated"))
            workflow.enableApprovalTicket = true
            try await app.store.workflows.update(workflow)
            let admin = try #require(try await app.store.users.find(account: "admin"))
            let tasks = TaskService(try Self.services(app))
            await #expect(throws: PipelineError.runRefused("workflow task creation denied: approval_ticket_id is required")) {
                try await tasks.run("gated", project: "demo", by: admin)
            }
            await #expect(throws: PipelineError.runRefused("workflow task creation denied: ticket T-1 not found")) {
                try await tasks.run("gated", project: "demo", by: admin, approvalTicketID: "T-1")
            }
            try await app.store.tickets.upsert(ApprovalTicket(projectKey: "demo", approvalID: "T-1", status: 1))
            let task = try await tasks.run("gated", project: "demo", by: admin, approvalTicketID: "T-1")
            #expect(task.workflowKey == "gated")
            #expect(try await app.waitFor("gated", task.taskID)["status"].string == "passed")
            _ = try await app.makeUser("stranger")
            let stranger = try #require(try await app.store.users.find(account: "stranger"))
            await #expect(throws: SlipwayError.self) { try await tasks.run("gated", project: "demo", by: stranger, approvalTicketID: "T-1") }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func taskEventsReachTheBusAndItsSubscribers(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("seen", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let events = EventBus()
            let seen = Recorder()
            events.subscribe(seen)
            await app.engine.addObserver(TaskEventPublisher(events: events))
            let id = try await app.run("seen")
            #expect(try await app.waitFor("seen", id)["status"].string == "passed")
            try await Task.sleep(for: .milliseconds(100))
            #expect(seen.events.withLock { $0 } == ["seen:\(id) created", "seen:\(id) running", "seen:\(id) passed"])
        }
    }

    /// A task observer subscribed to the bus, as the notifier is in production.
    final class Recorder: TaskObserver {
        let events = Mutex<[String]>([])
        func task(_ task: WorkflowTask, did event: TaskEvent) async {
            events.withLock { $0.append("\(task.workflowKey):\(task.taskID) \(event.rawValue)") }
        }
    }
}
