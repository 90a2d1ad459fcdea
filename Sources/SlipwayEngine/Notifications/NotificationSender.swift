import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SlipwayCore

/// How hard a delivery tries: attempts, back-off between them and a time limit per attempt.
package struct NotificationRetryPolicy: Sendable, Equatable {
    package var maxAttempts: Int
    /// Pause after the first failed attempt; doubled after each further one, up to `maxBackoff`.
    package var initialBackoff: Duration
    package var maxBackoff: Duration
    package var attemptTimeout: Duration

    package init(
        maxAttempts: Int = 3, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(10),
        attemptTimeout: Duration = .seconds(10)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.attemptTimeout = attemptTimeout
    }

    /// 3 attempts, 0.5 s then 1 s apart, 10 s each.
    package static let standard = NotificationRetryPolicy()

    /// The pause after failed attempt number `attempt` (1-based).
    package func backoff(after attempt: Int) -> Duration {
        var pause = initialBackoff
        for _ in 1..<max(attempt, 1) {
            pause = pause * 2
            if pause >= maxBackoff { return maxBackoff }
        }
        return min(pause, maxBackoff)
    }
}

/// The outcome of one delivery (all its attempts), kept for diagnostics. Never holds the address itself.
package struct NotificationDelivery: Sendable, Equatable {
    /// `task` (notify_ctls) or `job` (a notification job).
    package var source: String
    package var workflowKey: String
    package var taskID: Int
    /// The task event for `task` deliveries, the job name for `job` ones.
    package var event: String
    package var provider: NotificationProvider
    /// Scheme, host and port only: paths and queries of robot URLs carry secrets.
    package var destination: String
    package var attempts: Int
    package var delivered: Bool
    /// HTTP status of the last attempt, nil when none answered.
    package var statusCode: Int?
    /// Why the last attempt failed; empty when delivered.
    package var error: String
    package var startedAt: EpochMillis
    package var finishedAt: EpochMillis
}

extension HTTPClient {
    /// The process-wide client for notifications. Unlike `HTTPClient.shared` it fails an attempt at once when the
    /// connection is refused (instead of re-dialling until the deadline), so our own retry policy decides, and it
    /// never follows redirects with a signed body. Like `shared`, it lives as long as the process.
    package static var notifications: HTTPClient { notificationsClient }
}

private let notificationsClient: HTTPClient = {
    var configuration = HTTPClient.Configuration.singletonConfiguration
    configuration.redirectConfiguration = .disallow
    configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
    configuration.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()

/// Sends one request with retries over AsyncHTTPClient.
package struct NotificationSender: Sendable {
    let client: HTTPClient
    let policy: NotificationRetryPolicy
    let logger: Logger

    package init(client: HTTPClient = .notifications, policy: NotificationRetryPolicy = .standard, logger: Logger = Logger(label: "slipway.notify")) {
        self.client = client
        self.policy = policy
        self.logger = logger
    }

    /// The result of all attempts.
    package struct Result: Sendable, Equatable {
        package var delivered: Bool
        package var attempts: Int
        package var statusCode: Int?
        package var error: String
        package var cancelled: Bool
    }

    /// One attempt's failure, and whether trying again can help.
    struct AttemptError: Error {
        var message: String
        var statusCode: Int?
        var retryable: Bool
    }

    /// Deliver `request`, retrying per the policy. `onFailure(attempt, error, willRetry)` is told of each failed attempt.
    package func send(
        _ request: NotificationRequest,
        onFailure: @Sendable (Int, String, Bool) async -> Void = { _, _, _ in }
    ) async -> Result {
        var last = AttemptError(message: "not attempted", statusCode: nil, retryable: false)
        var attempt = 0
        while attempt < policy.maxAttempts {
            attempt += 1
            if Task.isCancelled { return Result(delivered: false, attempts: attempt - 1, statusCode: nil, error: "cancelled", cancelled: true) }
            do {
                let status = try await self.attempt(request)
                return Result(delivered: true, attempts: attempt, statusCode: status, error: "", cancelled: false)
            } catch let error as AttemptError {
                last = error
            } catch {
                last = AttemptError(message: "\(error)", statusCode: nil, retryable: true)
            }
            let willRetry = last.retryable && attempt < policy.maxAttempts && !Task.isCancelled
            logger.warning(
                "notification attempt failed",
                metadata: [
                    "provider": "\(request.target.provider.rawValue)", "destination": "\(request.target.redactedAddress)",
                    "attempt": "\(attempt)", "error": "\(last.message)", "retry": "\(willRetry)",
                ])
            await onFailure(attempt, last.message, willRetry)
            guard willRetry else { break }
            do {
                try await Task.sleep(for: policy.backoff(after: attempt))
            } catch {
                return Result(delivered: false, attempts: attempt, statusCode: last.statusCode, error: "cancelled", cancelled: true)
            }
        }
        return Result(delivered: false, attempts: attempt, statusCode: last.statusCode, error: last.message, cancelled: Task.isCancelled)
    }

    /// One POST; returns the HTTP status when the provider accepted the message.
    func attempt(_ request: NotificationRequest) async throws -> Int {
        var http = HTTPClientRequest(url: request.target.address)
        http.method = .POST
        for header in request.headers { http.headers.add(name: header.name, value: header.value) }
        http.body = .bytes(ByteBuffer(bytes: request.body))
        let timeout = policy.attemptTimeout.components
        let amount = TimeAmount.seconds(timeout.seconds) + .nanoseconds(timeout.attoseconds / 1_000_000_000)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http, deadline: .now() + amount, logger: nil)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AttemptError(message: Self.describe(error), statusCode: nil, retryable: true)
        }
        let body = (try? await response.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
        let code = Int(response.status.code)
        guard (200..<300).contains(code) else {
            // Client errors other than throttling and timeouts will not heal by themselves.
            let retryable = code >= 500 || code == 408 || code == 429
            throw AttemptError(message: "HTTP \(code)", statusCode: code, retryable: retryable)
        }
        if let problem = Self.providerError(request.target.provider, body: body) {
            throw AttemptError(message: problem, statusCode: code, retryable: true)
        }
        return code
    }

    /// Robots answer 200 with an error code in the body (`errcode` for WeChat and DingTalk, `code`/`StatusCode` for Lark).
    static func providerError(_ provider: NotificationProvider, body: String) -> String? {
        guard provider != .webhook, let data = body.data(using: .utf8),
            let json = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return nil }
        for key in ["errcode", "code", "StatusCode"] {
            if let code = json[key].int, code != 0 {
                let text = json["errmsg"].string ?? json["msg"].string ?? json["StatusMessage"].string ?? ""
                return "\(provider.rawValue) error \(code)\(text.isEmpty ? "" : ": \(text)")"
            }
        }
        return nil
    }

    /// A short description of a transport error, without the request URL.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timed out" }
            return "\(error)"
        }
        return String(describing: error)
    }
}
