/// A `notification` job, or one `notify_ctls` entry (both use the same field names): the robot
/// or webhook to send to, whom to mention, and the message.
package struct NotificationPlan: Sendable, Equatable {
    /// Zadig's `webhook_type` as written (`wechat`, `dingding`, `lark`, `webhook`, …).
    package var webhookType: String
    /// `weChat_webHook` (or `wechat_webhook`, `weChat_webhook`).
    package var wechatWebhook: String
    /// `dingding_webhook` (or `dingtalk_webhook`).
    package var dingTalkWebhook: String
    /// `lark_webhook` (or `feishu_webhook`).
    package var larkWebhook: String
    /// `webhook_notify.address` and `webhook_notify.token`.
    package var webhookAddress: String
    package var webhookToken: String
    package var atMobiles: [String]
    package var wechatUserIDs: [String]
    package var isAtAll: Bool
    package var title: String
    package var content: String

    package init(
        webhookType: String, wechatWebhook: String = "", dingTalkWebhook: String = "", larkWebhook: String = "",
        webhookAddress: String = "", webhookToken: String = "", atMobiles: [String] = [], wechatUserIDs: [String] = [],
        isAtAll: Bool = false, title: String = "", content: String = ""
    ) {
        self.webhookType = webhookType
        self.wechatWebhook = wechatWebhook
        self.dingTalkWebhook = dingTalkWebhook
        self.larkWebhook = larkWebhook
        self.webhookAddress = webhookAddress
        self.webhookToken = webhookToken
        self.atMobiles = atMobiles
        self.wechatUserIDs = wechatUserIDs
        self.isAtAll = isAtAll
        self.title = title
        self.content = content
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        func first(_ keys: String...) throws(JobPlanError) -> String {
            for key in keys { if let value = try spec[key].nonEmptyString() { return value } }
            return ""
        }
        webhookType = try spec["webhook_type"].string()
        wechatWebhook = try first("weChat_webHook", "wechat_webhook", "weChat_webhook")
        dingTalkWebhook = try first("dingding_webhook", "dingtalk_webhook")
        larkWebhook = try first("lark_webhook", "feishu_webhook")
        let notify = spec["webhook_notify"]
        try notify.requireObjectOrAbsent()
        webhookAddress = try notify["address"].string()
        webhookToken = try notify["token"].string()
        atMobiles = try spec["at_mobiles"].strings().filter { !$0.isEmpty }
        wechatUserIDs = try spec["wechat_user_ids"].strings().filter { !$0.isEmpty }
        isAtAll = try spec["is_at_all"].bool()
        title = try spec["title"].string()
        content = try spec["content"].string()
    }

    /// Decode a `notify_ctls` entry or a notification job spec.
    package static func decode(_ spec: JSONValue, path: String = "spec") throws(JobPlanError) -> NotificationPlan {
        try NotificationPlan(SpecReader(spec, path: path))
    }

    package func mapTemplates(_ text: (String) -> String) -> NotificationPlan {
        NotificationPlan(
            webhookType: text(webhookType), wechatWebhook: text(wechatWebhook), dingTalkWebhook: text(dingTalkWebhook),
            larkWebhook: text(larkWebhook), webhookAddress: text(webhookAddress), webhookToken: text(webhookToken),
            atMobiles: atMobiles.map(text), wechatUserIDs: wechatUserIDs.map(text), isAtAll: isAtAll, title: text(title),
            content: text(content))
    }
}

/// One `notify_ctls` entry of a workflow: whether it is on, the task events it wants, and where it goes.
package struct NotifyControlPlan: Sendable, Equatable {
    package var enabled: Bool
    /// `notify_type` as written (task event names).
    package var events: [String]
    package var notification: NotificationPlan

    /// Every entry of a `notify_ctls` array, in order.
    package static func decodeList(_ controls: JSONValue, path: String = "notify_ctls") throws(JobPlanError) -> [NotifyControlPlan] {
        var plans: [NotifyControlPlan] = []
        for entry in try SpecReader(controls, path: path).items() { plans.append(try NotifyControlPlan(entry)) }
        return plans
    }

    /// One entry.
    package static func decode(_ entry: JSONValue, path: String) throws(JobPlanError) -> NotifyControlPlan {
        try NotifyControlPlan(SpecReader(entry, path: path))
    }

    init(_ entry: SpecReader) throws(JobPlanError) {
        try entry.requireObjectOrAbsent()
        enabled = try entry["enabled"].bool()
        events = try entry["notify_type"].strings()
        notification = try NotificationPlan(entry)
    }
}
