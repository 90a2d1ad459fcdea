import SlipwayCore
import SlipwayStore

/// How a run was started, from what is stored of it: a task row records its creator; a task of a
/// Serverless Devs application's workflow also has the dispatch that started it (its event, the
/// webhook delivery behind it, or the task it redeploys).
package struct RunTrigger: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// A person started it (the API, the CLI or the web page).
        case manual
        /// A webhook delivery or a push hosted here (`event`, `deliveryID`).
        case webhook
        /// A redeploy of an earlier application task (`redeployOf`).
        case redeploy
        /// A `workflow-trigger` job of another task (`parent`).
        case workflow
    }

    package var kind: Kind
    /// The provider's event (`push`, `pull_request`, `manual_dispatch`…), empty for a workflow run.
    package var event: String = ""
    /// The stored delivery behind a webhook run, 0 when none.
    package var deliveryID: Int64 = 0
    /// The application task id (`3-1`) a redeploy repeats.
    package var redeployOf: String = ""
    /// The task whose `workflow-trigger` job started this one.
    package var parent: RunParent? = nil

    /// The trigger a task's `startedBy` records; nil when it records none (a person started it).
    package init?(startedBy: String) {
        let parts = startedBy.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "workflow", let task = Int(parts[3]) else { return nil }
        self.init(kind: .workflow)
        parent = RunParent(project: parts[1], workflow: parts[2], task: task)
    }

    /// The trigger of an application task from its dispatch.
    package init(_ dispatch: ServerlessDispatch) {
        if let earlier = dispatch.payload["redeploy_of"].string, !earlier.isEmpty {
            self.init(kind: .redeploy, event: dispatch.eventName, redeployOf: earlier)
        } else if dispatch.deliveryID > 0 {
            self.init(kind: .webhook, event: dispatch.eventName, deliveryID: dispatch.deliveryID)
        } else {
            self.init(kind: .manual, event: dispatch.eventName)
        }
    }

    package init(kind: Kind, event: String = "", deliveryID: Int64 = 0, redeployOf: String = "") {
        self.kind = kind
        self.event = event
        self.deliveryID = deliveryID
        self.redeployOf = redeployOf
    }
}

/// The run whose `workflow-trigger` job started another.
package struct RunParent: Sendable, Equatable {
    package var project: String
    package var workflow: String
    package var task: Int
}

/// A row of a workflow's run list: the task's list columns and how it was started.
package struct RunListing: Sendable, Equatable {
    package var summary: TaskSummary
    package var trigger: RunTrigger
}

extension TaskService {
    /// A page of a workflow's runs with their triggers, newest first, when `user` may read the
    /// workflow. Reads the task list columns only (as `history`), plus one dispatch per run for
    /// the workflow of a Serverless Devs application.
    package func runs(of key: String, project projectKey: String, page: Int, pageSize: Int, user: User) async throws -> Page<RunListing> {
        let history = try await history(of: key, project: projectKey, page: page, pageSize: pageSize, user: user)
        let app = try await application(runningAs: key)
        var rows: [RunListing] = []
        rows.reserveCapacity(history.items.count)
        for summary in history.items {
            var trigger = RunTrigger(startedBy: summary.startedBy) ?? RunTrigger(kind: .manual)
            if let app, let dispatch = try await context.store.serverlessApps.dispatch(appID: app.id, taskNumber: summary.taskID) {
                trigger = RunTrigger(dispatch)
            }
            rows.append(RunListing(summary: summary, trigger: trigger))
        }
        return Page(items: rows, total: history.total)
    }

    /// The application whose workflow is `key` (`sdevs-app-<id>`), if any.
    func application(runningAs key: String) async throws -> ServerlessApplication? {
        let prefix = "sdevs-app-"
        guard key.hasPrefix(prefix), let id = Int64(key.dropFirst(prefix.count)),
            let app = try await context.store.serverlessApps.get(id: id), app.workflowKey == key
        else { return nil }
        return app
    }
}
