import SlipwayCore
import SlipwayStore

/// Issues with their whole detail (parent, sub-tasks, iteration, people, project, files,
/// custom values, labels and module), read for a page in a fixed number of queries rather than a few per issue.
extension IssueService {
    func detail(_ issue: Issue) async throws -> IssueDetail {
        try await details(IssuePage(issues: [issue], total: 1)).details[0]
    }

    func details(_ page: IssuePage) async throws -> IssueDetailPage {
        let issues = page.issues
        guard !issues.isEmpty else { return IssueDetailPage(details: [], total: page.total) }
        let ids = issues.map(\.id)
        let parents = try await store.issues.issues(ids: issues.compactMap(\.parentID))
        let children = try await store.issues.children(ofAny: ids)
        var iterations: [Int64: Iteration] = [:]
        for id in Set(issues.compactMap(\.iterationID)) { iterations[id] = try await store.iterations.get(id: id) }
        var projects: [String: Project] = [:]
        for key in Set(issues.map(\.projectKey)) { projects[key] = try await store.projects.get(key: key) }
        let files = try await store.issueAttachments.attachments(issueIDs: ids)
        let values = try await store.issueFields.values(issueIDs: ids)
        let labels = try await store.issueLabels.labels(issueIDs: ids)
        let modules = try await store.issueLabels.modules(ids: issues.compactMap(\.moduleID))
        let uids =
            issues.flatMap { [$0.assigneeUID, $0.creatorUID] + $0.watcherUIDs } + parents.values.map(\.assigneeUID)
            + children.values.flatMap { $0.map(\.assigneeUID) }
        let people = try await access.people(uids)
        let details = try issues.map { issue in
            guard let project = projects[issue.projectKey] else { throw SlipwayError.notFound("project \(issue.projectKey) not found") }
            var detail = IssueDetail(
                issue: issue, parent: issue.parentID.flatMap { parents[$0] }, children: children[issue.id] ?? [],
                iteration: issue.iterationID.flatMap { iterations[$0] }, people: people, project: project)
            detail.files = files[issue.id] ?? []
            detail.customValues = values[issue.id] ?? [:]
            detail.labels = labels[issue.id] ?? []
            detail.module = issue.moduleID.flatMap { modules[$0] }
            return detail
        }
        return IssueDetailPage(details: details, total: page.total)
    }
}
