import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

@Suite struct RulesAndSignatureTests {
    @Test func globs() {
        #expect(Glob.matches("release/*", "release/1.0"))
        #expect(!Glob.matches("release/*", "release/1/2"))
        #expect(Glob.matches("release/**", "release/1/2"))
        #expect(Glob.matches("a/**/b", "a/b"))
        #expect(Glob.matches("a/**/b", "a/x/y/b"))
        #expect(Glob.matches("v?.[0-9]", "v1.5"))
        #expect(!Glob.matches("v?.[0-9]", "v1.x"))
        #expect(Glob.matches("feat-[!x]", "feat-a"))
        #expect(!Glob.matches("feat-[!x]", "feat-x"))
        #expect(Glob.matches("*", "main"))
        // Pathological patterns stay polynomial.
        #expect(!Glob.matches(String(repeating: "*a", count: 200) + "b", String(repeating: "a", count: 1000)))
    }

    @Test func branchRulePrecedence() {
        let rule: JSONValue = .object([
            "exclude": .array([.string("release/old*")]), "precise": .array([.string("main"), .string("release/old-keep")]),
            "prefix": .array([.string("hotfix/")]), "include": .array([.string("release/**")]),
        ])
        #expect(TriggerRules.matches(rule, "main"))
        #expect(TriggerRules.matches(rule, "hotfix/x"))
        #expect(TriggerRules.matches(rule, "release/1.2"))
        #expect(!TriggerRules.matches(rule, "release/old-keep"))  // exclude beats precise
        #expect(!TriggerRules.matches(rule, "dev"))
        #expect(!TriggerRules.matches(.null, "main"))
    }

    @Test func generationTwoAndPullRequests() {
        let section: JSONValue = .object([
            "push": .object([
                "branches": .object(["precise": .array([.string("main")])]),
                "tags": .object(["prefix": .array([.string("v")])]),
            ]),
            "pull_request": .object(["types": .array([.string("merged")]), "branches": .object(["precise": .array([.string("main")])])]),
            "template": .string("deploy.yaml"),
        ])
        let ctx: JSONValue = .object([:])
        #expect(
            TriggerRules.decide(section, event: ProviderEvent(name: "push", ref: "refs/heads/main", commit: "c", message: "", pusher: ""), context: ctx)
                == .run(template: "deploy.yaml"))
        #expect(
            TriggerRules.decide(section, event: ProviderEvent(name: "push", ref: "refs/tags/v1", commit: "c", message: "", pusher: ""), context: ctx)
                == .run(template: "deploy.yaml"))
        #expect(
            TriggerRules.decide(section, event: ProviderEvent(name: "push", ref: "refs/heads/dev", commit: "c", message: "", pusher: ""), context: ctx)
                == .skip("branch dev not matched"))
        #expect(
            TriggerRules.decide(
                section,
                event: ProviderEvent(name: "pull_request", ref: "refs/heads/f", commit: "c", message: "", pusher: "", action: "merged", targetBranch: "main"),
                context: ctx) == .run(template: "deploy.yaml"))
        if case .run = TriggerRules.decide(
            section,
            event: ProviderEvent(name: "pull_request", ref: "refs/heads/f", commit: "c", message: "", pusher: "", action: "opened", targetBranch: "main"),
            context: ctx)
        {
            Issue.record("opened is not in types")
        }
    }

    @Test func generationOneFilters() {
        let section: JSONValue = .object([
            "events": .array([
                .object([
                    "eventName": .string("push"), "filter": .string(#"body.ref in ["refs/heads/main"]"#), "template": .string("t.yaml"),
                ])
            ])
        ])
        let main: JSONValue = .object(["body": .object(["ref": .string("refs/heads/main")])])
        let dev: JSONValue = .object(["body": .object(["ref": .string("refs/heads/dev")])])
        let event = ProviderEvent(name: "push", ref: "refs/heads/main", commit: "c", message: "", pusher: "")
        #expect(TriggerRules.decide(section, event: event, context: main) == .run(template: "t.yaml"))
        #expect(TriggerRules.decide(section, event: event, context: dev) == .skip(#"filter false: body.ref in ["refs/heads/main"]"#))
    }

    @Test func signatures() {
        let body = Array(#"{"ref":"refs/heads/main"}"#.utf8)
        let headers = WebhookSignature.githubHeaders(body: body, secret: "s3cret")
        #expect(WebhookSignature.verify(provider: "github", headers: headers, body: body, secret: "s3cret") == .valid)
        #expect(WebhookSignature.verify(provider: "github", headers: ["x-hub-signature": headers["x-hub-signature"]!], body: body, secret: "s3cret") == .valid)
        #expect(WebhookSignature.verify(provider: "github", headers: headers, body: body, secret: "other") == .invalid)
        #expect(WebhookSignature.verify(provider: "github", headers: headers, body: body + [32], secret: "s3cret") == .invalid)
        #expect(WebhookSignature.verify(provider: "github", headers: [:], body: body, secret: "s3cret") == .invalid)
        #expect(WebhookSignature.verify(provider: "github", headers: [:], body: body, secret: "") == .unsigned)
        #expect(WebhookSignature.verify(provider: "gitlab", headers: ["x-gitlab-token": "tok"], body: body, secret: "tok") == .valid)
        #expect(WebhookSignature.verify(provider: "gitlab", headers: ["x-gitlab-token": "tok2"], body: body, secret: "tok") == .invalid)
        #expect(WebhookSignature.verify(provider: "gitee", headers: ["x-gitee-token": "tok"], body: body, secret: "tok") == .valid)
        #expect(
            WebhookSignature.verify(provider: "coding", headers: ["x-coding-signature": headers["x-hub-signature"]!], body: body, secret: "s3cret") == .valid)
        #expect(WebhookSignature.constantTimeEqual([1, 2], [1, 2]))
        #expect(!WebhookSignature.constantTimeEqual([1, 2], [1, 2, 0]))
    }
}
