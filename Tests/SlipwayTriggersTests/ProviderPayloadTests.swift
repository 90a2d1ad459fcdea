import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// Provider payloads and signatures as GitLab, Gitee and CODING send them (fields abridged
/// from their documented webhook examples), and known-answer signature vectors computed
/// independently (Python's hmac module).
@Suite struct ProviderPayloadTests {
    func json(_ text: String) -> JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null }

    @Test func gitlabPushAndMergeRequest() {
        let push = json(
            """
            {"object_kind":"push","before":"95790bf891e76fee5e1747ab589903a6a1f80f22","after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
             "ref":"refs/heads/master","checkout_sha":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","user_name":"John Smith",
             "user_username":"jsmith","project_id":15,
             "project":{"id":15,"name":"Diaspora","path_with_namespace":"mike/diaspora","default_branch":"master"},
             "repository":{"name":"Diaspora","url":"git@example.com:mike/diaspora.git","homepage":"http://example.com/mike/diaspora"},
             "commits":[{"id":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","message":"fixed readme"}],"total_commits_count":1}
            """)
        let event = ProviderEvent(provider: "gitlab", headers: ["x-gitlab-event": "Push Hook"], body: push)
        #expect(event.name == "push")
        #expect(event.ref == "refs/heads/master")
        #expect(event.commit == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
        #expect(event.repositoryFullName == "mike/diaspora")
        #expect(event.repositoryID == "15")
        #expect(event.pusher == "John Smith")
        #expect(event.message == "fixed readme")

        let mr = json(
            """
            {"object_kind":"merge_request","user":{"name":"Administrator","username":"root"},
             "project":{"id":1,"path_with_namespace":"gitlabhq/gitlab-test"},
             "object_attributes":{"id":99,"target_branch":"master","source_branch":"ms-viewport","state":"opened","action":"open",
                                  "title":"MS-Viewport","last_commit":{"id":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7"}}}
            """)
        let opened = ProviderEvent(provider: "gitlab", headers: ["x-gitlab-event": "Merge Request Hook"], body: mr)
        #expect(opened.name == "pull_request")
        #expect(opened.action == "opened")
        #expect(opened.ref == "refs/heads/ms-viewport")
        #expect(opened.targetBranch == "master")
        #expect(opened.commit == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
        #expect(opened.repositoryFullName == "gitlabhq/gitlab-test")
    }

    @Test func giteePushAndPullRequest() {
        let push = json(
            """
            {"ref":"refs/heads/master","before":"0000000000000000000000000000000000000000","after":"ca1d1b1f3a3e6f4d3b0e1c1e4f4a8e2b3b6a7c9d",
             "created":true,"deleted":false,"hook_name":"push_hooks",
             "repository":{"id":120249,"name":"demo","path":"demo","full_name":"oschina/demo","path_with_namespace":"oschina/demo"},
             "head_commit":{"id":"ca1d1b1f3a3e6f4d3b0e1c1e4f4a8e2b3b6a7c9d","message":"Update README.md"},
             "pusher":{"id":1,"name":"oschina","username":"oschina"},"sender":{"login":"oschina"}}
            """)
        let event = ProviderEvent(provider: "gitee", headers: ["x-gitee-event": "Push Hook"], body: push)
        #expect(event.name == "push")
        #expect(event.repositoryFullName == "oschina/demo")
        #expect(event.repositoryID == "120249")
        #expect(event.commit == "ca1d1b1f3a3e6f4d3b0e1c1e4f4a8e2b3b6a7c9d")
        #expect(event.message == "Update README.md")
        #expect(event.pusher == "oschina")
        #expect(!event.deleted)

        let pr = json(
            """
            {"action":"merge","hook_name":"merge_request_hooks",
             "pull_request":{"number":7,"state":"merged","merged":true,"title":"feature",
                             "head":{"ref":"feature","sha":"1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d"},"base":{"ref":"master"}},
             "repository":{"id":120249,"full_name":"oschina/demo"},"sender":{"login":"oschina"}}
            """)
        let merged = ProviderEvent(provider: "gitee", headers: ["x-gitee-event": "Merge Request Hook"], body: pr)
        #expect(merged.name == "pull_request")
        #expect(merged.action == "merged")
        #expect(merged.ref == "refs/heads/feature")
        #expect(merged.targetBranch == "master")
        #expect(merged.commit == "1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d")
    }

    /// Gitee signed mode: `X-Gitee-Token` is base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")),
    /// URL-encoded. Vector: secret "gitee-secret", timestamp 1700000000000.
    @Test func giteeSignedModeVector() {
        let body = Array("{}".utf8)
        let headers = ["x-gitee-token": "94vNlUrpKgvma8NErHxyFcdV%2B8bdBRc4Z6k6RBSN9Ew%3D", "x-gitee-timestamp": "1700000000000"]
        #expect(WebhookSignature.verify(provider: "gitee", headers: headers, body: body, secret: "gitee-secret") == .valid)
        var wrongTime = headers
        wrongTime["x-gitee-timestamp"] = "1700000000001"
        #expect(WebhookSignature.verify(provider: "gitee", headers: wrongTime, body: body, secret: "gitee-secret") == .invalid)
        #expect(WebhookSignature.verify(provider: "gitee", headers: headers, body: body, secret: "other") == .invalid)
    }

    /// CODING: `X-Coding-Signature: sha1=` + hex(HMAC-SHA1(token, body)).
    /// Vector: token "coding-token", body `{"ref":"refs/heads/master"}`.
    @Test func codingSignatureVector() {
        let body = Array(#"{"ref":"refs/heads/master"}"#.utf8)
        let header = ["x-coding-signature": "sha1=584c06339cd3e0c83ca9a0261561aa63316c69f6"]
        #expect(WebhookSignature.verify(provider: "coding", headers: header, body: body, secret: "coding-token") == .valid)
        #expect(WebhookSignature.verify(provider: "coding", headers: header, body: body + [32], secret: "coding-token") == .invalid)
        #expect(WebhookSignature.verify(provider: "coding", headers: [:], body: body, secret: "coding-token") == .invalid)
    }
}
