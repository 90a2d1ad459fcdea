import SlipwayCore
import SlipwayStore

/// Release lists: a project's releases filtered, sorted and paged; a release's issues.
extension AgileReleaseService {
    /// What DescribeReleaseList asks for.
    package struct ListFilter: Sendable {
        package enum SortKey: String, Sendable, CaseIterable {
            case code = "CODE"
            case name = "NAME"
            case createdAt = "CREATED_AT"
            case updatedAt = "UPDATED_AT"
            case startDate = "START_DATE"
            case releaseDate = "RELEASE_DATE"
        }

        package var projectKey: String
        package var progress: [AgileRelease.Progress] = []
        package var assigneeIDs: [Int64] = []
        package var keyword = ""
        package var sort: SortKey = .code
        package var descending = false
        package var offset = 0
        package var limit = 20

        package init(projectKey: String) {
            self.projectKey = projectKey
        }
    }

    /// A page of a project's releases and how many match in all.
    package func list(_ filter: ListFilter, by user: User) async throws -> (summaries: [Summary], total: Int) {
        try await access.require(user, projectKey: filter.projectKey, write: false)
        var releases = try await store.agileReleases.all(projectKey: filter.projectKey)
        if !filter.assigneeIDs.isEmpty {
            let people = try await store.numericIDs.userIDs(uids: Array(Set(releases.map(\.assigneeUID).filter { !$0.isEmpty })))
            releases = releases.filter { filter.assigneeIDs.contains(people[$0.assigneeUID] ?? 0) }
        }
        if !filter.keyword.isEmpty {
            releases = releases.filter { $0.name.localizedCaseInsensitiveContains(filter.keyword) }
        }
        var all = try await summaries(releases)
        if !filter.progress.isEmpty { all = all.filter { filter.progress.contains($0.progress) } }
        all.sort { a, b in
            let (x, y) = filter.descending ? (b.release, a.release) : (a.release, b.release)
            switch filter.sort {
            case .code: return x.code < y.code
            case .name: return (x.name, x.code) < (y.name, y.code)
            case .createdAt: return (x.createdAt, x.code) < (y.createdAt, y.code)
            case .updatedAt: return (x.updatedAt, x.code) < (y.updatedAt, y.code)
            case .startDate: return (x.startDate, x.code) < (y.startDate, y.code)
            case .releaseDate: return (x.releaseDate, x.code) < (y.releaseDate, y.code)
            }
        }
        return (Array(all.dropFirst(filter.offset).prefix(filter.limit)), all.count)
    }

    /// The most issues a watcher filter looks through (it filters after the search).
    static let maxWatcherScan = 10_000

    /// The issues in a release's scope (its iterations' issues) matching `query` and, when
    /// `watcherIDs` name any, watched by one of them; a release spanning no iteration has none.
    package func issues(projectKey: String, code: Int64, _ query: IssueQuery, watcherIDs: [Int64] = [], by user: User) async throws
        -> IssueDetailPage
    {
        let release = try await find(projectKey: projectKey, code: code, by: user, write: false)
        var scoped = query
        scoped.projectKey = projectKey
        let issues = IssueService(context)
        guard !release.iterationIDs.isEmpty else { return IssueDetailPage(details: [], total: 0) }
        let linked = try await summary(release).iterations.map(\.code)
        scoped.conditions.append(.iterations(linked))
        guard !watcherIDs.isEmpty else { return try await issues.details(try await store.issues.list(scoped)) }
        var watchers: Set<String> = []
        for id in Set(watcherIDs) {
            if let uid = try await store.numericIDs.userUID(id: id) { watchers.insert(uid) }
        }
        scoped.offset = 0
        scoped.limit = Self.maxWatcherScan
        let candidates = try await store.issues.list(scoped)
        guard candidates.total <= Self.maxWatcherScan else {
            throw SlipwayError.invalidInput("the release has over \(Self.maxWatcherScan) matching issues: narrow the search before filtering by Watchers")
        }
        let watched = candidates.issues.filter { !watchers.isDisjoint(with: $0.watcherUIDs) }
        let page = Array(watched.dropFirst(query.offset).prefix(query.limit))
        return try await issues.details(IssuePage(issues: page, total: watched.count))
    }
}
