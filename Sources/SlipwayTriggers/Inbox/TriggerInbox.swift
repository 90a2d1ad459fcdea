import Crypto
import Foundation
import Logging
import SlipwayCore
import SlipwayGit
import SlipwayStore

/// The webhook inbox, dialect-neutral. Every delivery is stored before anything acts on it; then
/// its signature is checked per subscriber, and each subscriber of every registered
/// `TriggerTarget` decides what it starts (an application starts at most one task per
/// application, event, ref and commit). Every outcome is written back as the delivery's decision.
package struct TriggerInbox: Sendable {
    package let store: Store
    /// The targets deliveries are offered to; dialects register theirs at start-up.
    package let targets: TriggerTargets
    let logger: Logger

    package static let providers: Set<String> = ["github", "gitlab", "gitee", "coding"]
    package static let maxBodyBytes = 1024 * 1024
    /// Headers kept with a delivery: never tokens or signatures.
    static let keptHeaders: Set<String> = [
        "x-github-event", "x-github-delivery", "x-gitlab-event", "x-gitlab-event-uuid", "x-gitee-event", "x-gitee-delivery",
        "x-gitee-timestamp", "x-git-oschina-event", "x-coding-event", "x-coding-delivery", "x-slipway-event",
        "x-slipway-delivery", "user-agent", "content-type",
    ]

    package init(store: Store, targets: TriggerTargets = TriggerTargets(), logger: Logger = Logger(label: "slipway.triggers")) {
        self.store = store
        self.targets = targets
        self.logger = logger
    }

    /// A delivery refused before it was stored; only its reason was counted.
    package struct Refused: Error, Sendable, Equatable {
        package var reason: WebhookRefusal.Reason
        package var message: String
    }

    /// Count a refusal and return the error that reports it.
    package func refuse(provider: String, _ reason: WebhookRefusal.Reason, _ message: String) async throws -> Refused {
        try await store.webhookRefusals.record(provider: provider, reason: reason)
        return Refused(reason: reason, message: message)
    }

    /// What the inbox did with one delivery.
    package struct Outcome: Sendable, Equatable {
        package enum Kind: String, Sendable { case accepted, ignored, duplicate }
        package var kind: Kind
        package var delivery: TriggerDelivery
        /// What this delivery started, as each subscriber names it (e.g. task `3-1`).
        package var started: [String]
    }

    /// A delivery from a provider: `headers` in any case, the raw body bytes. Checked before
    /// anything is stored: an unknown provider, an oversized or non-JSON body, a repository no
    /// application deploys, or a bad signature is refused (`Refused`) and only counted, never
    /// stored. An accepted delivery is stored, then acted on. "Does anyone want this repository"
    /// and "which secret signs it" are questions to the registered targets.
    package func receive(provider: String, headers: [String: String], body: [UInt8]) async throws -> Outcome {
        guard Self.providers.contains(provider) else {
            throw try await refuse(provider: "other", .unknownProvider, "unknown provider \(provider.prefix(32))")
        }
        guard body.count <= Self.maxBodyBytes else {
            throw try await refuse(provider: provider, .tooLarge, "body larger than \(Self.maxBodyBytes) bytes")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)), case .object = json else {
            throw try await refuse(provider: provider, .notJSON, "body is not a JSON object")
        }
        let lower = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let event = ProviderEvent(provider: provider, headers: lower, body: json)
        let candidates = try await targets.subscribers(provider: provider, event: event)
        guard !candidates.isEmpty else {
            let repository = event.repositoryFullName.isEmpty ? event.repositoryID : event.repositoryFullName
            throw try await refuse(provider: provider, .noApplication, "no application for repository \(repository.prefix(200))")
        }
        var verified: [any TriggerSubscriber] = []
        var verdicts: Set<String> = []
        for subscriber in candidates {
            let verdict = WebhookSignature.verify(
                provider: provider, headers: lower, body: body, secret: subscriber.webhookSecret(for: provider))
            verdicts.insert(verdict.rawValue)
            if verdict != .invalid { verified.append(subscriber) }
        }
        guard !verified.isEmpty else {
            logger.warning("webhook with a bad signature", metadata: ["provider": "\(provider)"])
            throw try await refuse(provider: provider, .badSignature, "bad signature")
        }
        let deliveryID =
            ProviderEvent.deliveryID(provider: provider, headers: lower)
            ?? "sha256:" + SHA256.hash(data: Data(provider.utf8) + Data(body)).map { String(format: "%02x", $0) }.joined()
        var delivery = try await store.deliveries.record(
            TriggerDelivery(
                deliveryID: String(deliveryID.prefix(200)), provider: provider,
                event: String(ProviderEvent.rawEventName(provider: provider, headers: lower).prefix(100)),
                headers: lower.filter { Self.keptHeaders.contains($0.key) }, body: String(decoding: body, as: UTF8.self)))
        let signature = verdicts.contains("valid") ? "valid" : "unsigned"
        if let earlier = try await store.deliveries.first(deliveryID: delivery.deliveryID, provider: provider, excluding: delivery.id),
            earlier.signatureStatus != "invalid", earlier.id < delivery.id
        {
            return try await finish(
                &delivery, .duplicate, signature: signature,
                decision: "duplicate of delivery \(earlier.id) (\(earlier.deliveryID))")
        }
        return try await act(
            &delivery, subscribers: verified, provider: provider, event: event,
            context: .object(["headers": .object(lower.mapValues(JSONValue.string)), "body": json]),
            signature: signature)
    }

    /// A push to a repository hosted here (what `DepotPush` carries). Never throws: failures are
    /// recorded as the delivery's decision.
    @discardableResult
    package func receive(internalPush event: PushEvent, depot: Depot) async -> Outcome? {
        let body: JSONValue = .object([
            "ref": .string(event.ref), "before": .string(event.before), "after": .string(event.after),
            "created": .bool(event.created), "deleted": .bool(event.deleted), "forced": .bool(event.forced),
            "repository": .object([
                "id": .string(String(depot.id)), "full_name": .string("\(depot.projectKey)/\(depot.name)"),
                "name": .string(depot.name),
            ]),
            "pusher": .object(["name": .string(event.pusher?.name ?? "")]),
            "head_commit": .object(["id": .string(event.after), "message": .string(event.commits.first?.message ?? "")]),
            "commits": .array(event.commits.map { .object(["id": .string($0.sha), "message": .string($0.message)]) }),
        ])
        let headers = ["x-slipway-event": "push", "x-slipway-delivery": "internal-\(depot.id)-\(event.ref)-\(event.after)"]
        do {
            let bytes = try JSONEncoder().encode(body)
            var delivery = try await store.deliveries.record(
                TriggerDelivery(
                    deliveryID: headers["x-slipway-delivery"]!, provider: "internal", event: "push", headers: headers,
                    body: String(decoding: bytes, as: UTF8.self), signatureStatus: "internal"))
            let subscribers = try await targets.subscribers(hostedDepot: depot.id)
            guard !subscribers.isEmpty else {
                return try await finish(&delivery, .ignored, signature: "internal", decision: "no application for depot \(depot.id)")
            }
            let providerEvent = ProviderEvent(provider: "internal", headers: headers, body: body)
            return try await act(
                &delivery, subscribers: subscribers, provider: "internal", event: providerEvent,
                context: .object(["headers": .object(headers.mapValues(JSONValue.string)), "body": body]),
                signature: "internal")
        } catch {
            logger.error("internal push not recorded", metadata: ["depot": "\(depot.id)", "error": "\(error)"])
            return nil
        }
    }

    /// Act again on a stored delivery (authenticated callers only). A bad-signature delivery is
    /// never replayed; de-duplication still applies, so a replay of a delivery that already
    /// started its task starts nothing.
    package func replay(id: Int64) async throws -> Outcome {
        guard let original = try await store.deliveries.get(id: id) else { throw SlipwayError.notFound("delivery \(id) not found") }
        guard original.signatureStatus != "invalid" else {
            throw SlipwayError.failedPrecondition("delivery \(id) had a bad signature and cannot be replayed")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(original.body.utf8)) else {
            throw SlipwayError.failedPrecondition("delivery \(id) has no JSON body")
        }
        var delivery = try await store.deliveries.record(
            TriggerDelivery(
                deliveryID: original.deliveryID, provider: original.provider, event: original.event, headers: original.headers,
                body: original.body, signatureStatus: original.signatureStatus, decision: "replay of delivery \(id)"))
        let event = ProviderEvent(provider: original.provider, headers: original.headers, body: json)
        let subscribers = try await self.subscribers(of: original.provider, event: event)
        return try await act(
            &delivery, subscribers: subscribers, provider: original.provider, event: event,
            context: .object(["headers": .object(original.headers.mapValues(JSONValue.string)), "body": json]),
            signature: original.signatureStatus, prefix: "replay of delivery \(id): ")
    }

    /// The subscribers a stored delivery concerns (a replay asks again: subscribers may have changed).
    package func subscribers(of provider: String, event: ProviderEvent) async throws -> [any TriggerSubscriber] {
        provider == "internal"
            ? try await targets.subscribers(hostedDepot: Int64(event.repositoryID) ?? -1)
            : try await targets.subscribers(provider: provider, event: event)
    }

    func act(
        _ delivery: inout TriggerDelivery, subscribers: [any TriggerSubscriber], provider: String, event: ProviderEvent,
        context: JSONValue, signature: String, prefix: String = ""
    ) async throws -> Outcome {
        var decisions: [String] = []
        var started: [String] = []
        var duplicates = 0
        let firing = TriggerFiring(
            provider: provider, event: event, context: context, deliveryID: delivery.deliveryID,
            deliveryRow: delivery.id)
        for subscriber in subscribers {
            switch await subscriber.fire(firing) {
            case .skipped(let reason):
                decisions.append("\(subscriber.label): \(reason)")
            case .started(let taskRef):
                started.append(taskRef)
                decisions.append("matched \(subscriber.label) → task \(taskRef)")
            case .duplicate(let deliveryID, let taskRef):
                duplicates += 1
                decisions.append("\(subscriber.label): duplicate of delivery \(deliveryID) (task \(taskRef))")
            case .failed(let reason):
                decisions.append("\(subscriber.label): not started: \(reason)")
            }
        }
        if subscribers.isEmpty { decisions.append("no application") }
        let kind: Outcome.Kind = !started.isEmpty ? .accepted : (duplicates > 0 ? .duplicate : .ignored)
        var outcome = try await finish(
            &delivery, kind, signature: signature, decision: prefix + decisions.joined(separator: "; "),
            taskRef: started.joined(separator: ","))
        outcome.started = started
        return outcome
    }

    func finish(_ delivery: inout TriggerDelivery, _ kind: Outcome.Kind, signature: String, decision: String, taskRef: String = "") async throws -> Outcome {
        let text = String(decision.prefix(4000))
        try await store.deliveries.decide(id: delivery.id, signatureStatus: signature, decision: text, taskRef: taskRef)
        delivery.signatureStatus = signature
        delivery.decision = text
        delivery.taskRef = taskRef
        return Outcome(kind: kind, delivery: delivery, started: [])
    }
}
