import Logging
import SlipwayCore
import SlipwayGit
import SlipwayStore

/// Git pushes (and API writes that move a ref) in the operation log, from the bus's `.pushed`
/// events: the depot, the ref with its old and new commits, and the pusher.
package struct PushAudit: Sendable {
    let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    package static let method = "git push"

    /// Records every push published on the context's bus from now on.
    package func subscribe() {
        let audit = self
        context.events.subscribe { event in
            if case .pushed(let push) = event { await audit.record(push) }
        }
    }

    /// The entry for one ref update.
    package static func entry(_ push: DepotPush) -> OperationLog {
        let event = push.event
        let change = event.deleted ? "deleted" : (event.created ? "created" : (event.forced ? "forced" : "updated"))
        return OperationLog(
            username: event.pusher?.name ?? "", projectKey: push.depot.projectKey, method: method,
            function: "\(push.depot.projectKey)/\(push.depot.name)",
            detail: "\(event.ref) \(change) \(event.before)..\(event.after)", requestBody: "", bodyType: "", status: 200)
    }

    func record(_ push: DepotPush) async {
        do {
            try await context.store.operationLogs.record(Self.entry(push))
        } catch {
            context.logger.error("push not recorded in the operation log", metadata: ["error": "\(error)"])
        }
    }
}
