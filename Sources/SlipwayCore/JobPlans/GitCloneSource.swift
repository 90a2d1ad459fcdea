import Foundation

/// A repository a freestyle `git` step clones (Zadig's repo object), fields as written.
package struct GitCloneSource: Sendable, Equatable {
    /// `url`, `clone_url` or `repo_url`, whichever is set first.
    package var url: String?
    /// Zadig's codehost form: `address` + namespace + `repo_name`.
    package var address: String
    package var repoName: String?
    /// `repo_namespace`, else `repo_owner`.
    package var namespace: String
    package var checkoutPath: String
    package var remoteName: String
    package var branch: String
    package var commitID: String
    package var tag: String
    /// Pull requests to fetch (`prs`, then `pr` when positive).
    package var pullRequests: [Int]

    package init(
        url: String?, address: String = "", repoName: String? = nil, namespace: String = "", checkoutPath: String = "",
        remoteName: String = "", branch: String = "", commitID: String = "", tag: String = "", pullRequests: [Int] = []
    ) {
        self.url = url
        self.address = address
        self.repoName = repoName
        self.namespace = namespace
        self.checkoutPath = checkoutPath
        self.remoteName = remoteName
        self.branch = branch
        self.commitID = commitID
        self.tag = tag
        self.pullRequests = pullRequests
    }

    init(_ repo: SpecReader) throws(JobPlanError) {
        try repo.requireObjectOrAbsent()
        var url: String?
        for key in ["url", "clone_url", "repo_url"] where url == nil {
            url = try repo[key].nonEmptyString()
        }
        self.url = url
        address = try repo["address"].string()
        repoName = try repo["repo_name"].optionalString()
        let owner = try repo["repo_owner"].string()
        namespace = try repo["repo_namespace"].nonEmptyString() ?? owner
        checkoutPath = try repo["checkout_path"].string()
        remoteName = try repo["remote_name"].string()
        branch = try repo["branch"].string()
        commitID = try repo["commit_id"].string()
        tag = try repo["tag"].string()
        var prs: [Int] = []
        for item in try repo["prs"].items() {
            if let number = try item.optionalInt() { prs.append(number) }
        }
        if let pr = try repo["pr"].optionalInt(), pr > 0 { prs.append(pr) }
        pullRequests = prs
    }

    /// The clone URL: `url`, or `address/namespace/name.git`; nil when neither is given.
    package var cloneURL: String? {
        if let url { return url }
        guard !address.isEmpty, let repoName else { return nil }
        let base = address.hasSuffix("/") ? String(address.dropLast()) : address
        return namespace.isEmpty ? "\(base)/\(repoName).git" : "\(base)/\(namespace)/\(repoName).git"
    }

    /// The directory it is cloned into: `checkout_path`, else the repository's name.
    package var directoryName: String {
        if !checkoutPath.isEmpty { return checkoutPath }
        if let repoName { return repoName }
        return cloneURL.flatMap { URL(string: $0)?.deletingPathExtension().lastPathComponent } ?? "repo"
    }

    func mapTemplates(_ text: (String) -> String) -> GitCloneSource {
        GitCloneSource(
            url: url.map(text), address: text(address), repoName: repoName.map(text), namespace: text(namespace),
            checkoutPath: text(checkoutPath), remoteName: text(remoteName), branch: text(branch), commitID: text(commitID),
            tag: text(tag), pullRequests: pullRequests)
    }
}
