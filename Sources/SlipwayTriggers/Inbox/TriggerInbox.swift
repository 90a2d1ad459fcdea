import Crypto
import Foundation
import Logging
import SlipwayCore
import SlipwayGit
import SlipwayStore

/// The webhook inbox. Every delivery is stored before anything acts on it; then its signature
/// is checked per application, its filters evaluated, and at most one task started per
/// (application, event, ref, commit). Every outcome is written back as the delivery's decision.
public struct TriggerInbox: Sendable {
    public let store: Store
    public let dispatcher: ServerlessDispatcher
    let logger: Logger

    public static let providers: Set<String> = ["github", "gitlab", "gitee", "coding"]
    public static let maxBodyBytes = 1024 * 1024
    /// Headers kept with a delivery: never tokens or signatures.
    static let keptHeaders: Set<String> = [
        "x-github-event", "x-github-delivery", "x-gitlab-event", "x-gitlab-event-uuid", "x-gitee-event", "x-gitee-delivery",
        "x-gitee-timestamp", "x-git-oschina-event", "x-coding-event", "x-coding-delivery", "x-slipway-event",
        "x-slipway-delivery", "user-agent", "content-type",
    ]

    public init(store: Store, dispatcher: ServerlessDispatcher, logger: Logger = Logger(label: "slipway.triggers")) {
        self.store = store
        self.dispatcher = dispatcher
        self.logger = logger
    }

    /// A delivery refused before it was stored; only its reason was counted.
    public struct Refused: Error, Sendable, Equatable {
        public var reason: WebhookRefusal.Reason
        public var message: String
    }

    /// Count a refusal and return the error that reports it.
    public func refuse(provider: String, _ reason: WebhookRefusal.Reason, _ message: String) async throws -> Refused {
        try await store.webhookRefusals.record(provider: provider, reason: reason)
        return Refused(reason: reason, message: message)
    }

    /// What the inbox did with one delivery.
    public struct Outcome: Sendable, Equatable {
        public enum Kind: String, Sendable { case accepted, ignored, duplicate }
        public var kind: Kind
        public var delivery: TriggerDelivery
        /// Dispatches started by this delivery.
        public var started: [ServerlessDispatch]
    }

    /// A delivery from a provider: `headers` in any case, the raw body bytes. Checked before
    /// anything is stored: an unknown provider, an oversized or non-JSON body, a repository no
    /// application deploys, or a bad signature is refused (`Refused`) and only counted, never
    /// stored. An accepted delivery is stored, then acted on.
    public func receive(provider: String, headers: [String: String], body: [UInt8]) async throws -> Outcome {
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
        let candidates = try await store.serverlessApps.list(provider: provider).filter { app in
            (!event.repositoryID.isEmpty && app.providerRepoID == event.repositoryID)
                || (!event.repositoryFullName.isEmpty && "\(app.owner)/\(app.repo)".lowercased() == event.repositoryFullName.lowercased())
        }
        guard !candidates.isEmpty else {
            let repository = event.repositoryFullName.isEmpty ? event.repositoryID : event.repositoryFullName
            throw try await refuse(provider: provider, .noApplication, "no application for repository \(repository.prefix(200))")
        }
        var verified: [ServerlessApplication] = []
        var verdicts: Set<String> = []
        for app in candidates {
            let verdict = WebhookSignature.verify(provider: provider, headers: lower, body: body, secret: app.webhookSecret(for: provider))
            verdicts.insert(verdict.rawValue)
            if verdict != .invalid { verified.append(app) }
        }
        guard !verified.isEmpty else {
            logger.warning("webhook with a bad signature", metadata: ["provider": "\(provider)"])
            throw try await refuse(provider: provider, .badSignature, "bad signature")
        }
        let deliveryID = ProviderEvent.deliveryID(provider: provider, headers: lower)
            ?? "sha256:" + SHA256.hash(data: Data(provider.utf8) + Data(body)).map { String(format: "%02x", $0) }.joined()
        var delivery = try await store.deliveries.record(TriggerDelivery(
            deliveryID: String(deliveryID.prefix(200)), provider: provider,
            event: String(ProviderEvent.rawEventName(provider: provider, headers: lower).prefix(100)),
            headers: lower.filter { Self.keptHeaders.contains($0.key) }, body: String(decoding: body, as: UTF8.self)))
        let signature = verdicts.contains("valid") ? "valid" : "unsigned"
        if let earlier = try await store.deliveries.first(deliveryID: delivery.deliveryID, provider: provider, excluding: delivery.id),
            earlier.signatureStatus != "invalid", earlier.id < delivery.id {
            return try await finish(&delivery, .duplicate, signature: signature,
                                    decision: "duplicate of delivery \(earlier.id) (\(earlier.deliveryID))")
        }
        return try await act(&delivery, apps: verified, provider: provider, event: event,
                             context: .object(["headers": .object(lower.mapValues(JSONValue.string)), "body": json]),
                             signature: signature)
    }

    /// A push to a repository hosted here (what `DepotPush` carries). Never throws: failures are
    /// recorded as the delivery's decision.
    @discardableResult
    public func receive(internalPush event: PushEvent, depot: Depot) async -> Outcome? {
        let body: JSONValue = .object([
            "ref": .string(event.ref), "before": .string(event.before), "after": .string(event.after),
            "created": .bool(event.created), "deleted": .bool(event.deleted), "forced": .bool(event.forced),
            "repository": .object(["id": .string(String(depot.id)), "full_name": .string("\(depot.projectKey)/\(depot.name)"),
                                   "name": .string(depot.name)]),
            "pusher": .object(["name": .string(event.pusher?.name ?? "")]),
            "head_commit": .object(["id": .string(event.after), "message": .string(event.commits.first?.message ?? "")]),
            "commits": .array(event.commits.map { .object(["id": .string($0.sha), "message": .string($0.message)]) }),
        ])
        let headers = ["x-slipway-event": "push", "x-slipway-delivery": "internal-\(depot.id)-\(event.ref)-\(event.after)"]
        do {
            let bytes = try JSONEncoder().encode(body)
            var delivery = try await store.deliveries.record(TriggerDelivery(
                deliveryID: headers["x-slipway-delivery"]!, provider: "internal", event: "push", headers: headers,
                body: String(decoding: bytes, as: UTF8.self), signatureStatus: "internal"))
            let apps = try await store.serverlessApps.list(depotID: depot.id)
            guard !apps.isEmpty else {
                return try await finish(&delivery, .ignored, signature: "internal", decision: "no application for depot \(depot.id)")
            }
            let providerEvent = ProviderEvent(provider: "internal", headers: headers, body: body)
            return try await act(&delivery, apps: apps, provider: "internal", event: providerEvent,
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
    public func replay(id: Int64) async throws -> Outcome {
        guard let original = try await store.deliveries.get(id: id) else { throw SlipwayError.notFound("delivery \(id) not found") }
        guard original.signatureStatus != "invalid" else {
            throw SlipwayError.failedPrecondition("delivery \(id) had a bad signature and cannot be replayed")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(original.body.utf8)) else {
            throw SlipwayError.failedPrecondition("delivery \(id) has no JSON body")
        }
        var delivery = try await store.deliveries.record(TriggerDelivery(
            deliveryID: original.deliveryID, provider: original.provider, event: original.event, headers: original.headers,
            body: original.body, signatureStatus: original.signatureStatus, decision: "replay of delivery \(id)"))
        let event = ProviderEvent(provider: original.provider, headers: original.headers, body: json)
        let apps: [ServerlessApplication]
        if original.provider == "internal" {
            apps = try await store.serverlessApps.list(depotID: Int64(event.repositoryID) ?? -1)
        } else {
            apps = try await store.serverlessApps.list(provider: original.provider).filter {
                $0.providerRepoID == event.repositoryID || "\($0.owner)/\($0.repo)".lowercased() == event.repositoryFullName.lowercased()
            }
        }
        return try await act(&delivery, apps: apps, provider: original.provider, event: event,
                             context: .object(["headers": .object(original.headers.mapValues(JSONValue.string)), "body": json]),
                             signature: original.signatureStatus, prefix: "replay of delivery \(id): ")
    }

    func act(_ delivery: inout TriggerDelivery, apps: [ServerlessApplication], provider: String, event: ProviderEvent,
             context: JSONValue, signature: String, prefix: String = "") async throws -> Outcome {
        var decisions: [String] = []
        var started: [ServerlessDispatch] = []
        var duplicates = 0
        for app in apps {
            let section = provider == "internal" ? Self.hostedSection(app) : app.triggerSpec[provider]
            switch TriggerRules.decide(section, event: event, context: context) {
            case .skip(let reason):
                decisions.append("app \(app.id): \(reason)")
            case .run(let template):
                let payload: JSONValue = .object([
                    "provider": .string(provider), "event_name": .string(event.name), "ref": .string(event.ref),
                    "commit": .string(event.commit), "message": .string(event.message), "pusher": .string(event.pusher),
                    "template": .string(template), "action": .string(event.action), "delivery": .string(delivery.deliveryID),
                ])
                let key = "app:\(app.id):\(event.name):\(event.ref):\(event.commit)"
                do {
                    switch try await dispatcher.dispatch(app, payload: payload, dedupKey: key, deliveryID: delivery.id,
                                                         creator: event.pusher.isEmpty ? "webhook" : event.pusher) {
                    case .started(let dispatch):
                        started.append(dispatch)
                        decisions.append("matched app \(app.id) → task \(ServerlessDispatcher.taskID(appID: app.id, taskNumber: dispatch.taskNumber))")
                    case .duplicate(let existing):
                        duplicates += 1
                        decisions.append("app \(app.id): duplicate of delivery \(existing.deliveryID) (task \(ServerlessDispatcher.taskID(appID: app.id, taskNumber: existing.taskNumber)))")
                    }
                } catch {
                    decisions.append("app \(app.id): not started: \((error as? SlipwayError)?.detail ?? "\(error)")")
                }
            }
        }
        if apps.isEmpty { decisions.append("no application") }
        let kind: Outcome.Kind = !started.isEmpty ? .accepted : (duplicates > 0 ? .duplicate : .ignored)
        let taskRef = started.map { ServerlessDispatcher.taskID(appID: $0.appID, taskNumber: $0.taskNumber) }.joined(separator: ",")
        var outcome = try await finish(&delivery, kind, signature: signature, decision: prefix + decisions.joined(separator: "; "), taskRef: taskRef)
        outcome.started = started
        return outcome
    }

    /// The trigger section a hosted application uses for internal pushes: its provider's, or the only one.
    static func hostedSection(_ app: ServerlessApplication) -> JSONValue {
        let spec = app.triggerSpec
        if !spec[app.provider].isNull { return spec[app.provider] }
        if spec.object.count == 1, let only = spec.object.values.first { return only }
        return spec
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
