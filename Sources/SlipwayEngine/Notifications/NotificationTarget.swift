import Foundation
import SlipwayCore

/// The chat or HTTP service a notification goes to (Zadig's `webhook_type`).
package enum NotificationProvider: String, Sendable, Codable, CaseIterable {
    /// WeChat Work (企业微信) group robot.
    case wechat
    /// DingTalk (钉钉) group robot; Zadig spells it `dingding`, newer definitions `dingtalk`.
    case dingtalk
    /// Lark / Feishu (飞书) custom bot.
    case lark
    /// Any HTTP endpoint: a JSON event, signed when a token is set.
    case webhook

    /// The provider for a `webhook_type`, nil for kinds Slipway cannot send (mail, msteams, feishu_app…).
    package init?(webhookType: String) {
        switch webhookType.lowercased() {
        case "wechat", "wechatwork", "wecom": self = .wechat
        case "dingding", "dingtalk": self = .dingtalk
        case "lark", "feishu": self = .lark
        case "webhook": self = .webhook
        default: return nil
        }
    }
}

/// Where one notification goes and whom it mentions: read from a `notify_ctls` entry or a
/// `notification` job spec (both use the same field names).
package struct NotificationTarget: Sendable, Equatable {
    package var provider: NotificationProvider
    /// The robot or endpoint URL. It usually carries the robot's secret key: never log it.
    package var address: String
    /// Generic webhooks only: sent as `X-Slipway-Token` and used to sign the body.
    package var token: String
    package var atMobiles: [String]
    package var wechatUserIDs: [String]
    package var isAtAll: Bool

    package init(
        provider: NotificationProvider, address: String, token: String = "", atMobiles: [String] = [],
        wechatUserIDs: [String] = [], isAtAll: Bool = false
    ) {
        self.provider = provider
        self.address = address
        self.token = token
        self.atMobiles = atMobiles
        self.wechatUserIDs = wechatUserIDs
        self.isAtAll = isAtAll
    }

    /// Why a spec cannot be sent.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        case missingType
        case unsupportedType(String)
        case missingAddress(NotificationProvider)
        /// A field of the wrong shape.
        case invalid(JobPlanError)

        package var description: String {
            switch self {
            case .missingType: return "webhook_type is required"
            case .unsupportedType(let type):
                return "webhook_type \(type) is not supported (wechat, dingding/dingtalk, lark/feishu, webhook)"
            case .missingAddress(let provider): return "the \(provider.rawValue) notification needs \(NotificationTarget.addressField(provider))"
            case .invalid(let error): return error.description
            }
        }
    }

    /// The spec field that holds the address for a provider (as Zadig names it).
    package static func addressField(_ provider: NotificationProvider) -> String {
        switch provider {
        case .wechat: return "weChat_webHook"
        case .dingtalk: return "dingding_webhook"
        case .lark: return "lark_webhook"
        case .webhook: return "webhook_notify.address"
        }
    }

    /// Read a target from a `notify_ctls` entry or a `notification` job spec.
    package static func parse(_ spec: JSONValue) throws(Problem) -> NotificationTarget {
        let plan: NotificationPlan
        do { plan = try NotificationPlan.decode(spec) } catch { throw .invalid(error) }
        return try NotificationTarget(plan)
    }

    /// The target a decoded notification names.
    package init(_ plan: NotificationPlan) throws(Problem) {
        guard !plan.webhookType.isEmpty else { throw .missingType }
        guard let provider = NotificationProvider(webhookType: plan.webhookType) else { throw .unsupportedType(plan.webhookType) }
        let address: String
        var token = ""
        switch provider {
        case .wechat: address = plan.wechatWebhook
        case .dingtalk: address = plan.dingTalkWebhook
        case .lark: address = plan.larkWebhook
        case .webhook:
            address = plan.webhookAddress
            token = plan.webhookToken
        }
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .missingAddress(provider) }
        self.init(
            provider: provider, address: trimmed, token: token, atMobiles: plan.atMobiles, wechatUserIDs: plan.wechatUserIDs,
            isAtAll: plan.isAtAll)
    }

    /// The address without path, query or credentials, safe for logs and delivery records.
    package var redactedAddress: String {
        guard let url = URLComponents(string: address), let host = url.host else { return "(invalid address)" }
        return "\(url.scheme ?? "http")://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }
}

/// One `notify_ctls` entry: a target and the task events it wants.
package struct NotifyControl: Sendable, Equatable {
    package var target: NotificationTarget
    package var events: Set<TaskEvent>

    /// Every enabled entry of a `notify_ctls` array that Slipway can send; the others are
    /// returned as problems (disabled entries are skipped silently, as Zadig does).
    package static func parse(_ controls: JSONValue) -> (controls: [NotifyControl], problems: [(index: Int, problem: NotificationTarget.Problem)]) {
        var result: [NotifyControl] = []
        var problems: [(index: Int, problem: NotificationTarget.Problem)] = []
        for (index, entry) in controls.array.enumerated() {
            let plan: NotifyControlPlan
            do { plan = try NotifyControlPlan.decode(entry, path: "notify_ctls[\(index)]") } catch {
                problems.append((index: index, problem: .invalid(error)))
                continue
            }
            guard plan.enabled else { continue }
            do {
                let target = try NotificationTarget(plan.notification)
                result.append(NotifyControl(target: target, events: Set(plan.events.compactMap(TaskEvent.init(rawValue:)))))
            } catch {
                problems.append((index: index, problem: error))
            }
        }
        return (result, problems)
    }
}
