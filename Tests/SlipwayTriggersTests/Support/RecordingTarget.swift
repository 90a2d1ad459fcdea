import SlipwayCore
import SlipwayTriggers

/// A second, test-only trigger target next to Serverless Devs applications: it subscribes to
/// pushes into one hosted depot and to one provider repository (signed with `secret`), and
/// records every delivery it is fired with. Proves the inbox is not tied to applications.
struct RecordingTarget: TriggerTarget {
    let depotID: Int64
    let provider: String
    let repository: String
    let secret: String
    let log: FiringLog

    func subscribers(provider: String, event: ProviderEvent) async throws -> [any TriggerSubscriber] {
        provider == self.provider && event.repositoryFullName == repository ? [Subscriber(secret: secret, log: log)] : []
    }

    func subscribers(hostedDepot depotID: Int64) async throws -> [any TriggerSubscriber] {
        depotID == self.depotID ? [Subscriber(secret: "", log: log)] : []
    }

    struct Subscriber: TriggerSubscriber {
        let secret: String
        let log: FiringLog
        var label: String { "recorder" }
        var ownerUID: String? { nil }
        func webhookSecret(for provider: String) -> String { secret }

        func fire(_ delivery: TriggerFiring) async -> TriggerResult {
            guard delivery.event.name == "push" else { return .skipped("not a push") }
            return .started(taskRef: "rec-\(await log.record(delivery))")
        }
    }
}

/// What a `RecordingTarget` was fired with, in order.
actor FiringLog {
    struct Entry: Sendable, Equatable {
        var provider: String
        var ref: String
        var commit: String
        var deliveryRow: Int64
    }

    private(set) var entries: [Entry] = []

    /// Records one delivery; answers its number (from 1).
    func record(_ delivery: TriggerFiring) -> Int {
        entries.append(
            Entry(
                provider: delivery.provider, ref: delivery.event.ref, commit: delivery.event.commit,
                deliveryRow: delivery.deliveryRow))
        return entries.count
    }
}
