import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayServices
import Synchronization
import Testing

/// Who may follow task events, what bad input gets, and what a follower that falls behind sees.
@Suite struct TaskEventAccessTests {
    static let paths = ["/openapi/workflows/custom/watched/tasks/events", "/openapi/projects/demo/tasks/events"]

    @Test(arguments: StoreKind.enabled)
    func everyStreamChecksWhoAsks(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow("watched", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let (_, outsider) = try await app.makeUser("outsider")
            let reader = try await app.makeMember("reader")
            let onlyProject = try await app.makeMember("glance", presetRole: "read-project-only")
            for path in Self.paths {
                let anonymous = try await EventStreamClient.open(app, path, token: nil)
                #expect(anonymous.status == 401, "\(path) without a token")
                for token in [outsider, onlyProject] {
                    let refused = try await app.call(.get, path, as: token)
                    #expect(refused.status == .forbidden, "\(path): \(refused.text)")
                    #expect(refused.text.isEmpty)
                }
                // A read-only member follows.
                let client = try await EventStreamClient.open(app, path, token: reader)
                #expect(client.status == 200, "\(path)")
                try await client.waitSubscribed()
                let id = try await app.run("watched")
                try await client.waitUntil { _ in TaskEventStreamTests.ended(client, task: id) }
                client.close()
            }
            #expect(app.taskEvents.followerCount <= 2, "refused callers never subscribe")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func unknownTargetsAndBadResumePointsAreRefusedInTheEnvelope(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("watched", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let noWorkflow = try await app.call(.get, "/openapi/workflows/custom/nope/tasks/events")
            #expect(noWorkflow.status == .notFound, "\(noWorkflow.text)")
            #expect(noWorkflow.json["message"].exists && noWorkflow.json["code"].exists)
            #expect(try await app.call(.get, "/openapi/projects/nope/tasks/events").status == .notFound)
            let wrongProject = try await app.call(.get, "/openapi/workflows/custom/watched/tasks/events?projectKey=other")
            #expect(wrongProject.status == .notFound, "\(wrongProject.text)")
            for path in Self.paths {
                let bad = try await app.call(.get, path + "?lastEventId=yesterday")
                #expect(bad.status == .badRequest, "\(bad.text)")
                #expect(bad.json["description"].string?.contains("Last-Event-ID") == true, "\(bad.text)")
            }
            #expect(app.taskEvents.followerCount == 0)
        }
    }

    /// A follower whose queue fills is cut off and resumes: from the ring when it still holds
    /// what was missed, else with a resync; memory stays bounded either way.
    @Test(arguments: [8, 64])
    func aFollowerThatFallsBehindIsCutOffAndResumes(capacity: Int) async throws {
        try await withApp(.sqlite, feed: .init(capacity: capacity, followerBuffer: 2)) { app in
            try await app.makeWorkflow("busy", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let workflow = try #require(try await app.store.workflows.get(key: "busy"))
            let feed = app.taskEvents
            let (gate, open) = AsyncStream<Void>.makeStream()
            let seen = SeenMessages()
            let follower = Task {
                var blocked = true
                try await feed.follow(.workflow("busy"), after: nil) { message in
                    switch message {
                    case .change(let change): seen.withLock { $0.append("\(change.taskID)") }
                    case .resync(_, let tasks): seen.withLock { $0.append("resync \(tasks.count)") }
                    case .subscribed: seen.withLock { $0.append("subscribed") }
                    case .heartbeat: return
                    }
                    if blocked, seen.withLock({ $0.count }) == 2 {
                        blocked = false
                        for await _ in gate { break }
                    }
                }
            }
            while seen.withLock({ $0.count }) < 1 { try await Task.sleep(for: .milliseconds(5)) }
            let count = 20
            for id in 1...count {
                feed.record(.task(WorkflowTask(workflow: workflow, taskID: id, creator: "t", params: [], stages: []), .created))
            }
            open.yield()
            let deadline = Date().addingTimeInterval(20)
            func done() -> Bool { seen.withLock { $0.contains("\(count)") || $0.contains { $0.hasPrefix("resync") } } }
            while !done() && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
            follower.cancel()
            let got = seen.withLock { $0 }
            if capacity >= count {
                #expect(got == ["subscribed"] + (1...count).map(String.init), "replayed from the ring: nothing lost, nothing twice")
            } else {
                // Three were queued or sent before the cut-off; the rest fell out of the ring.
                #expect(Array(got.prefix(5)) == ["subscribed", "1", "2", "3", "resync 0"], "\(got)")
                #expect(!got.contains("4"), "\(got)")
            }
        }
    }
}

/// What a follower was sent, shared with the test.
private final class SeenMessages: Sendable {
    private let storage = Mutex<[String]>([])
    func withLock<T>(_ body: (inout [String]) -> T) -> T { storage.withLock { body(&$0) } }
}
