import SlipwayCore
import SlipwayServices
import SlipwayStore
import SlipwayTriggers

/// Serverless Devs applications as a trigger target: an application subscribes to its
/// provider's deliveries about its repository, or to pushes into its hosted depot, and each
/// matching delivery dispatches it (at most once per application, event, ref and commit).
struct ServerlessTriggerTarget: TriggerTarget {
    let runner: ApplicationRunner

    var store: Store { runner.context.store }

    func subscribers(provider: String, event: ProviderEvent) async throws -> [any TriggerSubscriber] {
        try await store.serverlessApps.list(provider: provider).filter { app in
            (!event.repositoryID.isEmpty && app.providerRepoID == event.repositoryID)
                || (!event.repositoryFullName.isEmpty && "\(app.owner)/\(app.repo)".lowercased() == event.repositoryFullName.lowercased())
        }.map { ApplicationSubscriber(app: $0, runner: runner) }
    }

    func subscribers(hostedDepot depotID: Int64) async throws -> [any TriggerSubscriber] {
        try await store.serverlessApps.list(depotID: depotID).map { ApplicationSubscriber(app: $0, runner: runner) }
    }

    /// Task links of applications: the dialect's task detail.
    static func links(baseURL: String) -> ApplicationLinks {
        ApplicationLinks { taskID in "\(baseURL)/api/flow/task/detail?taskId=\(taskID)" }
    }
}

/// One application, as the inbox sees it.
struct ApplicationSubscriber: TriggerSubscriber {
    let app: ServerlessApplication
    let runner: ApplicationRunner

    var label: String { "app \(app.id)" }
    var ownerUID: String? { app.userID }

    func webhookSecret(for provider: String) -> String { app.webhookSecret(for: provider) }

    func fire(_ delivery: TriggerFiring) async -> TriggerResult {
        let event = delivery.event
        let section = delivery.provider == "internal" ? Self.hostedSection(app) : app.triggerSpec[delivery.provider]
        switch TriggerRules.decide(section, event: event, context: delivery.context) {
        case .skip(let reason):
            return .skipped(reason)
        case .run(let template):
            let payload: JSONValue = .object([
                "provider": .string(delivery.provider), "event_name": .string(event.name), "ref": .string(event.ref),
                "commit": .string(event.commit), "message": .string(event.message), "pusher": .string(event.pusher),
                "template": .string(template), "action": .string(event.action), "delivery": .string(delivery.deliveryID),
            ])
            let key = "app:\(app.id):\(event.name):\(event.ref):\(event.commit)"
            do {
                switch try await runner.dispatch(
                    app, payload: payload, dedupKey: key, deliveryID: delivery.deliveryRow,
                    creator: event.pusher.isEmpty ? "webhook" : event.pusher)
                {
                case .started(let dispatch):
                    return .started(taskRef: ApplicationRunner.taskID(appID: app.id, taskNumber: dispatch.taskNumber))
                case .duplicate(let existing):
                    return .duplicate(
                        deliveryID: String(existing.deliveryID),
                        taskRef: ApplicationRunner.taskID(appID: app.id, taskNumber: existing.taskNumber))
                }
            } catch {
                return .failed((error as? SlipwayError)?.detail ?? "\(error)")
            }
        }
    }

    /// The trigger section a hosted application uses for internal pushes: its provider's, or the only one.
    static func hostedSection(_ app: ServerlessApplication) -> JSONValue {
        let spec = app.triggerSpec
        if !spec[app.provider].isNull { return spec[app.provider] }
        if spec.object.count == 1, let only = spec.object.values.first { return only }
        return spec
    }
}
