import Crypto
import Foundation
import SlipwayCore

/// One HTTP POST ready to send: a message shaped for its provider.
package struct NotificationRequest: Sendable {
    package var target: NotificationTarget
    package var headers: [(name: String, value: String)]
    package var body: Data

    /// The header carrying the HMAC-SHA256 of the body (hex, `sha256=` prefix) for generic webhooks with a token.
    package static let signatureHeader = "X-Slipway-Signature-256"
    package static let tokenHeader = "X-Slipway-Token"
    package static let eventHeader = "X-Slipway-Event"
}

/// Shapes messages for each provider's incoming-robot API.
package enum NotificationRenderer {
    package static func request(for target: NotificationTarget, _ message: NotificationMessage) -> NotificationRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json; charset=utf-8")]
        let payload: JSONValue
        switch target.provider {
        case .wechat: payload = wechat(message, target)
        case .dingtalk: payload = dingtalk(message, target)
        case .lark: payload = lark(message, target)
        case .webhook: payload = message.event
        }
        let body = encode(payload)
        if target.provider == .webhook {
            headers.append((NotificationRequest.eventHeader, message.kind))
            if !target.token.isEmpty {
                headers.append((NotificationRequest.tokenHeader, target.token))
                headers.append((NotificationRequest.signatureHeader, "sha256=" + signature(of: body, token: target.token)))
            }
        }
        return NotificationRequest(target: target, headers: headers, body: body)
    }

    /// Hex HMAC-SHA256 of `body` keyed with the webhook token.
    package static func signature(of body: Data, token: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(token.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    static func encode(_ value: JSONValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Fields and link as markdown lines; `status` styles the emphasized value.
    static func lines(_ message: NotificationMessage, status: (String) -> String = { $0 }, linkText: String? = "View task") -> [String] {
        var lines: [String] = []
        if !message.body.isEmpty { lines.append(message.body) }
        for field in message.fields {
            lines.append("**\(field.label)**: \(field.emphasized ? status(field.value) : field.value)")
        }
        if let url = message.link, let linkText { lines.append("[\(linkText)](\(url))") }
        return lines
    }

    /// WeChat Work group robot: `{"msgtype":"markdown","markdown":{"content":…}}`; mentions as `<@userid>`.
    static func wechat(_ message: NotificationMessage, _ target: NotificationTarget) -> JSONValue {
        let color =
            switch message.tone {
            case .good: "info"
            case .bad: "warning"
            case .neutral: "comment"
            }
        var lines = ["### \(message.title)"]
        lines += self.lines(message, status: { "<font color=\"\(color)\">\($0)</font>" }).map { $0.hasPrefix("**") ? "> \($0)" : $0 }
        let mentions = target.wechatUserIDs.map { "<@\($0)>" } + (target.isAtAll ? ["<@all>"] : [])
        if !mentions.isEmpty { lines.append(mentions.joined(separator: " ")) }
        return .object(["msgtype": .string("markdown"), "markdown": .object(["content": .string(lines.joined(separator: "\n"))])])
    }

    /// DingTalk robot: markdown with a title, `at.atMobiles` / `at.isAtAll`; mobiles also appear as `@mobile`
    /// in the text, which DingTalk needs to highlight the mention.
    static func dingtalk(_ message: NotificationMessage, _ target: NotificationTarget) -> JSONValue {
        var lines = ["### \(message.title)"] + self.lines(message)
        if !target.atMobiles.isEmpty { lines.append(target.atMobiles.map { "@\($0)" }.joined(separator: " ")) }
        return .object([
            "msgtype": .string("markdown"),
            "markdown": .object(["title": .string(message.title), "text": .string(lines.joined(separator: "\n\n"))]),
            "at": .object(["atMobiles": .array(target.atMobiles.map(JSONValue.string)), "isAtAll": .bool(target.isAtAll)]),
        ])
    }

    /// Lark / Feishu custom bot: an interactive card, header coloured by the tone, a `lark_md` block and a button to the task.
    static func lark(_ message: NotificationMessage, _ target: NotificationTarget) -> JSONValue {
        var text = lines(message, linkText: nil).joined(separator: "\n")
        if target.isAtAll { text += "\n<at id=all></at>" }
        var elements: [JSONValue] = [.object(["tag": .string("div"), "text": .object(["tag": .string("lark_md"), "content": .string(text)])])]
        if let url = message.link {
            elements.append(
                .object([
                    "tag": .string("action"),
                    "actions": .array([
                        .object([
                            "tag": .string("button"),
                            "text": .object(["tag": .string("plain_text"), "content": .string("View task")]),
                            "type": .string("primary"),
                            "url": .string(url),
                        ])
                    ]),
                ]))
        }
        let template =
            switch message.tone {
            case .good: "green"
            case .bad: "red"
            case .neutral: "blue"
            }
        return .object([
            "msg_type": .string("interactive"),
            "card": .object([
                "config": .object(["wide_screen_mode": .bool(true)]),
                "header": .object(["title": .object(["tag": .string("plain_text"), "content": .string(message.title)]), "template": .string(template)]),
                "elements": .array(elements),
            ]),
        ])
    }
}
