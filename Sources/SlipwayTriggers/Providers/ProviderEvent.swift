import Foundation
import SlipwayCore

/// A provider delivery reduced to what triggers need, whatever the provider's payload shape.
package struct ProviderEvent: Sendable, Equatable {
    /// `push`, `pull_request`, `ping`, or the provider's own name when unknown.
    package var name: String
    /// Full ref (`refs/heads/main`); for pull requests, the source branch.
    package var ref: String
    package var commit: String
    package var message: String
    package var pusher: String
    /// Repository as `owner/name` and the provider's numeric id (as text), to find the application.
    package var repositoryFullName: String
    package var repositoryID: String
    /// Pull requests: `opened`, `closed`, `reopened`, `merged`, `synchronize`…
    package var action: String
    /// Pull requests: the target branch (short name).
    package var targetBranch: String
    package var deleted: Bool

    /// The provider's delivery id header, if any.
    package static func deliveryID(provider: String, headers: [String: String]) -> String? {
        let keys = ["x-github-delivery", "x-gitlab-event-uuid", "x-gitee-delivery", "x-coding-delivery", "x-slipway-delivery"]
        return keys.lazy.compactMap { headers[$0] }.first { !$0.isEmpty }
    }

    /// The event as the provider names it in its headers.
    package static func rawEventName(provider: String, headers: [String: String]) -> String {
        switch provider {
        case "github": return headers["x-github-event"] ?? ""
        case "gitlab": return headers["x-gitlab-event"] ?? ""
        case "gitee": return headers["x-gitee-event"] ?? headers["x-git-oschina-event"] ?? ""
        case "coding": return headers["x-coding-event"] ?? ""
        default: return headers["x-slipway-event"] ?? ""
        }
    }

    /// Normalize the header event name.
    package static func normalizedName(_ raw: String) -> String {
        switch raw.lowercased() {
        case "push", "push hook", "tag push hook", "git_pushed", "tag_push": return "push"
        case "pull_request", "merge request hook", "merge_request", "git_mr_created", "git_mr_updated", "git_mr_merged", "git_mr_closed":
            return "pull_request"
        case "ping", "system hook": return "ping"
        default: return raw
        }
    }

    /// Read the event from a provider payload.
    package init(provider: String, headers: [String: String], body: JSONValue) {
        let name = Self.normalizedName(Self.rawEventName(provider: provider, headers: headers))
        self.name = name
        // GitLab sends both: `project` has the id and `path_with_namespace`; its `repository` has neither.
        let repository = body["repository"].isNull || !body["project"]["path_with_namespace"].isNull ? body["project"] : body["repository"]
        self.repositoryFullName =
            repository["full_name"].string ?? repository["path_with_namespace"].string
            ?? [repository["owner"]["login"].string ?? repository["owner"]["name"].string, repository["name"].string]
            .compactMap { $0 }.joined(separator: "/")
        self.repositoryID = repository["id"].string ?? body["project_id"].string ?? ""
        let zero = String(repeating: "0", count: 40)
        if name == "pull_request" {
            let pr = body["pull_request"].isNull ? (body["merge_request"].isNull ? body["object_attributes"] : body["merge_request"]) : body["pull_request"]
            let source = pr["head"]["ref"].string ?? pr["source_branch"].string ?? ""
            self.ref = source.isEmpty ? "" : RefName.branch(source).full
            self.commit = pr["head"]["sha"].string ?? pr["last_commit"]["id"].string ?? pr["merge_commit_sha"].string ?? ""
            self.message = pr["title"].string ?? ""
            self.targetBranch = pr["base"]["ref"].string ?? pr["target_branch"].string ?? ""
            var action = (body["action"].string ?? pr["action"].string ?? pr["state"].string ?? "").lowercased()
            switch action {
            case "open": action = "opened"
            case "reopen": action = "reopened"
            case "close": action = "closed"
            case "merge": action = "merged"
            default: break
            }
            if action == "closed", pr["merged"].bool == true { action = "merged" }
            self.action = action
            self.pusher = body["sender"]["login"].string ?? body["user"]["username"].string ?? body["sender"]["name"].string ?? ""
            self.deleted = false
        } else {
            self.ref = body["ref"].string ?? ""
            let after = body["after"].string ?? body["checkout_sha"].string ?? body["head_commit"]["id"].string ?? ""
            self.commit = after
            let commits = body["commits"].array
            self.message = body["head_commit"]["message"].string ?? commits.last?["message"].string ?? commits.first?["message"].string ?? ""
            self.pusher =
                body["pusher"]["name"].string ?? body["user_name"].string ?? body["sender"]["login"].string
                ?? body["user"]["name"].string ?? ""
            self.action = ""
            self.targetBranch = ""
            self.deleted = body["deleted"].bool == true || after == zero
        }
    }

    package init(
        name: String, ref: String, commit: String, message: String, pusher: String, repositoryFullName: String = "",
        repositoryID: String = "", action: String = "", targetBranch: String = "", deleted: Bool = false
    ) {
        self.name = name
        self.ref = ref
        self.commit = commit
        self.message = message
        self.pusher = pusher
        self.repositoryFullName = repositoryFullName
        self.repositoryID = repositoryID
        self.action = action
        self.targetBranch = targetBranch
        self.deleted = deleted
    }

    /// `main` for `refs/heads/main`.
    package var branch: String? { RefName(full: ref).branchName }
    package var tag: String? { RefName(full: ref).tagName }
}
