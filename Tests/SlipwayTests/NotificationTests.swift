import Crypto
import Foundation
import SlipwayEngine
import Testing

/// Task notifications (`notify_ctls`) and `notification` jobs, delivered over real HTTP to a loopback receiver.
@Suite struct NotificationTests {
    /// Fast retries so failure tests take milliseconds.
    static let quickRetry = NotificationRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(20), attemptTimeout: .seconds(5))

    /// A workflow with one passing (or failing) shell job and these `notify_ctls`.
    static func makeWorkflow(_ app: Harness, _ key: String, notify: String, script: String = "echo ok") async throws {
        if try await app.store.projects.get(key: "demo") == nil { try await app.makeProject("demo") }
        let reply = try await app.call(
            .post, "/api/aslan/workflow/v4",
            body: """
                {"name":"\(key)","display_name":"\(key) display","project":"demo","concurrency_limit":-1,"params":[],
                 "stages":[\(Harness.stage("build", jobs: [Harness.shellJob("work", script)]))],"notify_ctls":\(notify)}
                """)
        #expect(reply.status == .ok, "create workflow: \(reply.text)")
    }

    /// Run a workflow to its end and wait until every notification it caused has been delivered or given up.
    static func runToEnd(_ app: Harness, _ notifier: TaskNotifier, _ key: String) async throws -> JSON {
        let done = try await app.waitFor(key, try await app.run(key))
        await app.engine.waitUntilIdle()
        await notifier.waitUntilIdle()
        return done
    }

    static func notifier(retry: NotificationRetryPolicy = quickRetry) -> TaskNotifier {
        TaskNotifier(publicURL: "https://slipway.example.com/", retry: retry)
    }

    @Test(arguments: StoreKind.enabled)
    func createdAndPassedReachEveryProviderInItsFormat(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                let notifier = Self.notifier()
                await app.engine.addObserver(notifier)
                let events = #"["created","passed"]"#
                try await Self.makeWorkflow(
                    app, "notified",
                    notify: """
                        [{"enabled":true,"webhook_type":"wechat","weChat_webHook":"\(receiver.url("/wechat?key=wx-secret"))",
                          "wechat_user_ids":["zhangsan"],"notify_type":\(events)},
                         {"enabled":true,"webhook_type":"dingding","dingding_webhook":"\(receiver.url("/dingtalk?access_token=dd-secret"))",
                          "at_mobiles":["13800000000"],"is_at_all":false,"notify_type":\(events)},
                         {"enabled":true,"webhook_type":"feishu","feishu_webhook":"\(receiver.url("/lark/open-apis/bot/v2/hook/lk-secret"))",
                          "is_at_all":true,"notify_type":\(events)},
                         {"enabled":true,"webhook_type":"webhook","webhook_notify":{"address":"\(receiver.url("/generic"))","token":"s3cret"},
                          "notify_type":\(events)},
                         {"enabled":true,"webhook_type":"mail","notify_type":\(events)}]
                        """)
                let done = try await Self.runToEnd(app, notifier, "notified")
                #expect(done["status"].string == "passed")
                #expect(await receiver.requests().count == 8, "two events × four providers; mail is ignored")

                let wechat = await receiver.requests(at: "/wechat")
                #expect(wechat.count == 2)
                #expect(wechat.allSatisfy { $0.query == "key=wx-secret" })
                let wechatTexts = wechat.compactMap { $0.json["markdown"]["content"].string }
                #expect(wechat.allSatisfy { $0.json["msgtype"].string == "markdown" })
                #expect(Set(wechatTexts.map { $0.contains("#1 created") ? "created" : ($0.contains("#1 passed") ? "passed" : "?") }) == ["created", "passed"])
                let wechatPassed = try #require(wechatTexts.first { $0.contains("#1 passed") })
                #expect(wechatPassed.contains("**Project**: demo"))
                #expect(wechatPassed.contains("notified display (notified)"))
                #expect(wechatPassed.contains("**Creator**: admin"))
                #expect(wechatPassed.contains("**Duration**: "))
                #expect(wechatPassed.contains(#"<font color="info">passed</font>"#))
                #expect(wechatPassed.contains("<@zhangsan>"))
                #expect(
                    wechatPassed.contains(
                        "[View task](https://slipway.example.com/v1/projects/detail/demo/pipelines/custom/notified/1?display_name=notified%20display)"))

                let ding = await receiver.requests(at: "/dingtalk")
                #expect(ding.count == 2)
                for request in ding {
                    #expect(request.json["msgtype"].string == "markdown")
                    #expect(request.json["markdown"]["title"].string?.hasPrefix("Workflow notified display #1 ") == true)
                    #expect(request.json["markdown"]["text"].string?.contains("@13800000000") == true)
                    #expect(request.json["at"]["atMobiles"].array.compactMap(\.string) == ["13800000000"])
                    #expect(request.json["at"]["isAtAll"].bool == false)
                }
                #expect(
                    Set(ding.compactMap { $0.json["markdown"]["title"].string }) == [
                        "Workflow notified display #1 created", "Workflow notified display #1 passed",
                    ])

                let lark = await receiver.requests(at: "/lark/open-apis/bot/v2/hook/lk-secret")
                #expect(lark.count == 2)
                for request in lark {
                    #expect(request.json["msg_type"].string == "interactive")
                    #expect(request.json["card"]["elements"][0]["text"]["tag"].string == "lark_md")
                    #expect(request.json["card"]["elements"][0]["text"]["content"].string?.contains("<at id=all></at>") == true)
                    #expect(
                        request.json["card"]["elements"][1]["actions"][0]["url"].string?.hasPrefix("https://slipway.example.com/v1/projects/detail/demo/")
                            == true)
                }
                #expect(Set(lark.compactMap { $0.json["card"]["header"]["template"].string }) == ["blue", "green"])

                let generic = await receiver.requests(at: "/generic")
                #expect(generic.count == 2)
                for request in generic {
                    #expect(request.json["object_kind"].string == "workflow")
                    #expect(request.header("X-Slipway-Event") == "workflow")
                    #expect(request.header("X-Slipway-Token") == "s3cret")
                    let mac = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Data("s3cret".utf8)))
                    let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
                    #expect(request.header("X-Slipway-Signature-256") == expected, "the signature verifies")
                }
                #expect(Set(generic.compactMap { $0.json["event"].string }) == ["created", "passed"])
                let passed = try #require(generic.first { $0.json["event"].string == "passed" }).json["workflow"]
                #expect(passed["project_name"].string == "demo")
                #expect(passed["workflow_name"].string == "notified")
                #expect(passed["workflow_display_name"].string == "notified display")
                #expect(passed["task_id"].int == 1)
                #expect(passed["status"].string == "passed")
                #expect(passed["creator"].string == "admin")
                #expect((passed["end_time"].int ?? 0) >= (passed["start_time"].int ?? 1) && (passed["start_time"].int ?? 0) > 1_600_000_000)
                #expect(passed["detail_url"].string?.hasSuffix("/pipelines/custom/notified/1?display_name=notified%20display") == true)
                #expect(passed["stages"][0]["name"].string == "build")
                #expect(passed["stages"][0]["jobs"][0]["name"].string == "work")
                #expect(passed["stages"][0]["jobs"][0]["status"].string == "passed")

                let deliveries = await notifier.recentDeliveries
                #expect(deliveries.count == 8 && deliveries.allSatisfy { $0.delivered && $0.attempts == 1 })
                #expect(deliveries.allSatisfy { !$0.destination.contains("secret") }, "records never hold robot keys")
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func failedTaskSendsOnlyTheFailedEvent(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                let notifier = Self.notifier()
                await app.engine.addObserver(notifier)
                try await Self.makeWorkflow(
                    app, "breaks",
                    notify: """
                        [{"enabled":true,"webhook_type":"webhook","webhook_notify":{"address":"\(receiver.url("/hook"))"},"notify_type":["failed"]},
                         {"enabled":true,"webhook_type":"dingtalk","dingding_webhook":"\(receiver.url("/ding"))","notify_type":["passed"]}]
                        """, script: "exit 4")
                let done = try await Self.runToEnd(app, notifier, "breaks")
                #expect(done["status"].string == "failed")
                let all = await receiver.requests()
                #expect(all.count == 1)
                #expect(all.first?.path == "/hook")
                #expect(all.first?.json["event"].string == "failed")
                #expect(all.first?.json["workflow"]["status"].string == "failed")
                #expect(all.first?.json["workflow"]["stages"][0]["jobs"][0]["error"].string == "script exited with code 4")
                #expect(all.first?.header("X-Slipway-Signature-256") == nil, "no token, no signature")
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func disabledEntriesSendNothing(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                let notifier = Self.notifier()
                await app.engine.addObserver(notifier)
                try await Self.makeWorkflow(
                    app, "quiet",
                    notify: """
                        [{"enabled":false,"webhook_type":"wechat","weChat_webHook":"\(receiver.url("/off"))",
                          "notify_type":["created","running","passed","failed","timeout","cancelled"]},
                         {"webhook_type":"wechat","weChat_webHook":"\(receiver.url("/off"))","notify_type":["passed"]}]
                        """)
                let done = try await Self.runToEnd(app, notifier, "quiet")
                #expect(done["status"].string == "passed")
                #expect(await receiver.requests().isEmpty)
                #expect(await notifier.recentDeliveries.isEmpty)
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aFlakyReceiverGetsTheMessageOnTheThirdAttempt(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                let notifier = Self.notifier()
                await app.engine.addObserver(notifier)
                await receiver.fail(first: 2)
                try await Self.makeWorkflow(
                    app, "flaky",
                    notify: """
                        [{"enabled":true,"webhook_type":"lark","lark_webhook":"\(receiver.url("/lark"))","notify_type":["passed"]}]
                        """)
                let done = try await Self.runToEnd(app, notifier, "flaky")
                #expect(done["status"].string == "passed")
                let got = await receiver.requests(at: "/lark")
                #expect(got.count == 3)
                #expect(Set(got.map(\.body)).count == 1, "every attempt sends the same message")
                let delivery = try #require(await notifier.recentDeliveries.first)
                #expect(delivery.delivered)
                #expect(delivery.attempts == 3)
                #expect(delivery.statusCode == 200)
                #expect(delivery.provider == .lark)
                #expect(delivery.event == "passed")
                #expect(delivery.destination == "http://127.0.0.1:\(receiver.port)")
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aDeadReceiverIsGivenUpOnWithoutHurtingTheTask(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                let notifier = Self.notifier()
                await app.engine.addObserver(notifier)
                await receiver.fail(always: true)
                try await Self.makeWorkflow(
                    app, "deaf",
                    notify: """
                        [{"enabled":true,"webhook_type":"wechat","weChat_webHook":"\(receiver.url("/wx"))","notify_type":["running","passed"]}]
                        """)
                let done = try await Self.runToEnd(app, notifier, "deaf")
                #expect(done["status"].string == "passed")
                #expect(done["stages"][0]["jobs"][0]["status"].string == "passed")
                #expect(await receiver.requests(at: "/wx").count == 6, "two events, three attempts each")
                let deliveries = await notifier.recentDeliveries
                #expect(deliveries.count == 2)
                #expect(deliveries.allSatisfy { !$0.delivered && $0.attempts == 3 && $0.statusCode == 500 && $0.error == "HTTP 500" })
                #expect(Set(deliveries.map(\.event)) == ["running", "passed"])
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aHangingReceiverNeverHoldsUpTheEngine(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                // Each delivery takes 2 × 6 s before it gives up. The task must end before any of them:
                // the engine never waits for a notification (the margin is wide for loaded CI machines).
                let notifier = Self.notifier(retry: NotificationRetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(10), attemptTimeout: .seconds(6)))
                await app.engine.addObserver(notifier)
                await receiver.answer(after: .seconds(7))
                try await Self.makeWorkflow(
                    app, "slowpoke",
                    notify: """
                        [{"enabled":true,"webhook_type":"webhook","webhook_notify":{"address":"\(receiver.url("/slow"))"},"notify_type":["created","running","passed"]}]
                        """)
                let done = try await app.waitFor("slowpoke", try await app.run("slowpoke"))
                #expect(done["status"].string == "passed")
                #expect(await notifier.recentDeliveries.isEmpty, "the task finished while every delivery was still in flight")
                await app.engine.waitUntilIdle()
                await notifier.waitUntilIdle()
                let deliveries = await notifier.recentDeliveries
                #expect(deliveries.count == 3)
                #expect(deliveries.allSatisfy { !$0.delivered && $0.attempts == 2 && $0.error == "timed out" })
            }
        }
    }

    @Test func retryPolicyBacksOffExponentially() {
        let policy = NotificationRetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(350))
        #expect((1...4).map { policy.backoff(after: $0) } == [.milliseconds(100), .milliseconds(200), .milliseconds(350), .milliseconds(350)])
        #expect(NotificationRetryPolicy.standard.maxAttempts == 3)
    }

    /// A workflow whose only job is a `notification` job with this spec.
    static func notificationJobWorkflow(_ app: Harness, _ key: String, spec: String) async throws -> Reply {
        if try await app.store.projects.get(key: "demo") == nil { try await app.makeProject("demo") }
        return try await app.call(
            .post, "/api/aslan/workflow/v4",
            body: """
                {"name":"\(key)","display_name":"\(key) display","project":"demo","concurrency_limit":-1,"params":[],
                 "stages":[{"name":"tell","parallel":false,"jobs":[{"name":"notify","type":"notification","spec":\(spec)}]}]}
                """)
    }

    @Test(arguments: StoreKind.enabled)
    func notificationJobPassesWhenDelivered(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                let reply = try await Self.notificationJobWorkflow(
                    app, "announce",
                    spec: """
                        {"webhook_type":"dingding","dingding_webhook":"\(receiver.url("/robot?access_token=t0k"))",
                         "title":"Release {{.workflow.task.id}}","content":"task {{.workflow.task.id}} of {{.project}} is out",
                         "at_mobiles":["13911111111"],"is_at_all":true}
                        """)
                #expect(reply.status == .ok, "\(reply.text)")
                let id = try await app.run("announce")
                let done = try await app.waitFor("announce", id)
                #expect(done["status"].string == "passed")
                #expect(done["stages"][0]["jobs"][0]["type"].string == "notification")
                let got = await receiver.requests(at: "/robot")
                #expect(got.count == 1)
                #expect(got.first?.json["msgtype"].string == "markdown")
                #expect(got.first?.json["markdown"]["title"].string == "Release \(id)")
                #expect(got.first?.json["markdown"]["text"].string?.contains("task \(id) of demo is out") == true)
                #expect(got.first?.json["at"]["isAtAll"].bool == true)
                #expect(got.first?.json["at"]["atMobiles"].array.compactMap(\.string) == ["13911111111"])
                let log = try await app.log("announce", id, job: "notify")
                #expect(log.contains("notification delivered"))
                #expect(!log.contains("t0k"), "the robot key stays out of the log")
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func notificationJobFailsWhenTheEndpointRefuses(kind: StoreKind) async throws {
        try await withLoopbackReceiver { receiver in
            try await withApp(kind) { app in
                await receiver.fail(always: true)
                _ = try await Self.notificationJobWorkflow(
                    app, "shouts",
                    spec: """
                        {"webhook_type":"webhook","webhook_notify":{"address":"\(receiver.url("/down"))","token":"k"},"title":"t","content":"c"}
                        """)
                _ = try await Self.notificationJobWorkflow(
                    app, "nobody",
                    spec: """
                        {"webhook_type":"wechat","weChat_webHook":"http://127.0.0.1:1/cgi-bin/webhook/send?key=x","content":"c"}
                        """)
                let refused = try await app.waitFor("shouts", try await app.run("shouts"))
                #expect(refused["status"].string == "failed")
                #expect(refused["stages"][0]["jobs"][0]["error"].string == "notification not delivered after 3 attempt(s): HTTP 500")
                #expect(await receiver.requests(at: "/down").count == 3)
                #expect(await receiver.requests(at: "/down").first?.json["object_kind"].string == "notification")
                let unreachable = try await app.waitFor("nobody", try await app.run("nobody"))
                #expect(unreachable["status"].string == "failed")
                #expect(unreachable["stages"][0]["jobs"][0]["error"].string?.hasPrefix("notification not delivered after 3 attempt(s)") == true)
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func notificationJobSpecsAreValidated(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let mail = try await Self.notificationJobWorkflow(app, "mailer", spec: #"{"webhook_type":"mail","content":"c"}"#)
            #expect(mail.status == .badRequest)
            #expect(mail.text.contains("webhook_type mail is not supported"))
            let empty = try await Self.notificationJobWorkflow(app, "nowhere", spec: #"{"webhook_type":"lark","content":"c"}"#)
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("lark_webhook"))
        }
    }
}
