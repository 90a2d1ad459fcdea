import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayServices
import Synchronization
import Testing

/// Job state changes reach the event bus as `DomainEvent.jobs`, after they are stored, so a
/// live view (issue 12's event stream) can follow a run without polling.
@Suite struct JobEventTests {
    @Test(arguments: StoreKind.enabled)
    func jobChangesArePublishedInOrder(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow(
                "steps",
                stages: [
                    Harness.stage("build", jobs: [Harness.shellJob("compile", "true")]),
                    Harness.stage("check", jobs: [Harness.shellJob("lint", "exit 3")]),
                ])
            let events = EventBus()
            let seen = Mutex<[String]>([])
            events.subscribe { event in
                guard case .jobs(let task, let changes) = event, task.workflowKey == "steps" else { return }
                seen.withLock { $0 += changes.map { "\($0.stage)/\($0.job) \($0.status.rawValue)" } }
            }
            await app.engine.addObserver(TaskEventPublisher(events: events))
            let id = try await app.run("steps")
            #expect(try await app.waitFor("steps", id)["status"].string == "failed")
            try await Task.sleep(for: .milliseconds(100))
            let changes = seen.withLock { $0 }
            #expect(
                changes == ["build/compile running", "build/compile passed", "check/lint running", "check/lint failed"],
                "\(changes)")
        }
    }
}
