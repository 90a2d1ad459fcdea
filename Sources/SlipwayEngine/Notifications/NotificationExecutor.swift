import AsyncHTTPClient
import Foundation
import Logging
import SlipwayCore

/// `notification` jobs: send one message (title and content already rendered by the runner) to a
/// WeChat Work, DingTalk or Lark robot or a generic webhook; the job passes when it is delivered.
package struct NotificationExecutor: JobExecutor {
    let sender: NotificationSender

    package init(
        client: HTTPClient = .notifications, retry: NotificationRetryPolicy = .standard,
        logger: Logger = Logger(label: "slipway.notify")
    ) {
        self.sender = NotificationSender(client: client, policy: retry, logger: logger)
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .notification(let plan) = context.plan else { return .wrongPlan(context) }
        let target: NotificationTarget
        do {
            target = try NotificationTarget(plan)
        } catch {
            return JobOutcome(.failed, error: "notification: \(error)")
        }
        let message = NotificationMessage.job(context, title: plan.title, content: plan.content)
        let request = NotificationRenderer.request(for: target, message)
        await context.log("sending a \(target.provider.rawValue) notification to \(target.redactedAddress)")
        let result = await sender.send(request) { attempt, error, willRetry in
            await context.log("attempt \(attempt) failed: \(error)\(willRetry ? "; retrying" : "")")
        }
        if result.cancelled { return JobOutcome(.cancelled) }
        guard result.delivered else {
            return JobOutcome(.failed, error: "notification not delivered after \(result.attempts) attempt(s): \(result.error)")
        }
        await context.log("notification delivered (HTTP \(result.statusCode ?? 0), attempt \(result.attempts))")
        return .passed
    }
}
