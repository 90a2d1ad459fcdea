/// A Serverless Devs application: a repository, its triggers and secrets, run as one Workflow.
package struct ServerlessApplication: Sendable, Equatable {
    package var id: Int64
    /// The workflow the application runs as (`sdevs-app-<id>`).
    package var workflowKey: String
    package var owner: String
    package var repo: String
    package var repoURL: String
    /// `github`, `gitlab`, `gitee`, `coding` (hosted here when `depotID` is set), …
    package var provider: String
    package var providerRepoID: String
    package var description: String
    /// `trigger_spec` as given (generation 1 events with Jexl filters, or generation 2 rules).
    package var triggerSpec: JSONValue
    /// Write-only: never returned by the API; masked in logs.
    package var secrets: [String: String]
    /// The creator's uid.
    package var userID: String
    /// The hosted depot, 0 for an external repository.
    package var depotID: Int64
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis

    package init(
        id: Int64 = 0, workflowKey: String = "", owner: String, repo: String, repoURL: String, provider: String,
        providerRepoID: String, description: String = "", triggerSpec: JSONValue, secrets: [String: String] = [:],
        userID: String, depotID: Int64 = 0, createdAt: EpochMillis = .now(), updatedAt: EpochMillis? = nil
    ) {
        self.id = id
        self.workflowKey = workflowKey
        self.owner = owner
        self.repo = repo
        self.repoURL = repoURL
        self.provider = provider
        self.providerRepoID = providerRepoID
        self.description = description
        self.triggerSpec = triggerSpec
        self.secrets = secrets
        self.userID = userID
        self.depotID = depotID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// The webhook secret configured for a provider (`trigger_spec.<provider>.secret`).
    package func webhookSecret(for provider: String) -> String {
        triggerSpec[provider]["secret"].string ?? ""
    }
}

/// One dispatch of an application: what started it and which engine task runs it.
package struct ServerlessDispatch: Sendable, Equatable {
    package var id: Int64
    package var appID: Int64
    /// The engine task number (per workflow), 0 until submitted.
    package var taskNumber: Int
    /// `push`, `pull_request`, `manual_dispatch`, `redeploy`, …
    package var eventName: String
    package var ref: String
    package var commit: String
    package var message: String
    /// The normalized trigger payload, replayed by redeploy.
    package var payload: JSONValue
    /// `app:event:ref:commit` for webhook dispatches (unique), nil for manual ones.
    package var dedupKey: String?
    /// The inbox row that caused it, 0 for API dispatches.
    package var deliveryID: Int64
    package var createdBy: String
    package var createdAt: EpochMillis

    package init(
        id: Int64 = 0, appID: Int64, taskNumber: Int = 0, eventName: String, ref: String, commit: String, message: String,
        payload: JSONValue, dedupKey: String?, deliveryID: Int64 = 0, createdBy: String, createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.appID = appID
        self.taskNumber = taskNumber
        self.eventName = eventName
        self.ref = ref
        self.commit = commit
        self.message = message
        self.payload = payload
        self.dedupKey = dedupKey
        self.deliveryID = deliveryID
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One webhook delivery as received, stored before anything acts on it.
package struct TriggerDelivery: Sendable, Equatable {
    package var id: Int64
    /// The provider's delivery id (`X-GitHub-Delivery`, …) or a content hash when it sends none.
    package var deliveryID: String
    package var provider: String
    package var event: String
    /// The headers that matter (event, delivery, user agent), lower-cased; never signature tokens.
    package var headers: [String: String]
    package var body: String
    /// `unchecked`, `valid`, `invalid`, `unsigned`, `internal`.
    package var signatureStatus: String
    package var receivedAt: EpochMillis
    /// What the inbox decided ("matched app 7 → task 12", "filter false", …).
    package var decision: String
    /// `appID-taskNumber` of the task(s) started, comma separated.
    package var taskRef: String

    package init(
        id: Int64 = 0, deliveryID: String, provider: String, event: String, headers: [String: String], body: String,
        signatureStatus: String = "unchecked", receivedAt: EpochMillis = .now(), decision: String = "", taskRef: String = ""
    ) {
        self.id = id
        self.deliveryID = deliveryID
        self.provider = provider
        self.event = event
        self.headers = headers
        self.body = body
        self.signatureStatus = signatureStatus
        self.receivedAt = receivedAt
        self.decision = decision
        self.taskRef = taskRef
    }
}
