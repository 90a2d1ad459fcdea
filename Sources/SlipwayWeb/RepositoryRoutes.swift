import Hummingbird
import SlipwayHTTP

/// The repository and merge-request pages, under `/ui/projects/{project}/repos/{depot}`.
///
/// A ref is one path segment (`/` in it percent-encoded as `%2F`, as the pages link it); a
/// hand-typed `tree/feature/x/src` also works: the longest leading segments naming a branch or
/// tag are the ref. `?ref=` names the ref outright, and the segments are then all path.
enum RepositoryRoutes {
    static func register(on web: RouterGroup<AppRequestContext>, pages: WebPages) {
        let repo = "\(WebRoutes.prefix)/projects/:project/repos/:depot"
        web.get("\(repo)", use: pages.repositoryHome)
        web.get("\(repo)/tree/**", use: pages.tree)
        web.get("\(repo)/blob/**", use: pages.blob)
        web.get("\(repo)/raw/**", use: pages.raw)
        web.get("\(repo)/commits/**", use: pages.commits)
        web.get("\(repo)/commit/:sha", use: pages.commit)
        web.get("\(repo)/branches", use: pages.branches)
        web.get("\(repo)/tags", use: pages.tags)
        web.get("\(repo)/merge-requests", use: pages.mergeRequests)
        web.get("\(repo)/merge-requests/:iid", use: pages.mergeRequest)
        web.post("\(repo)/merge-requests/:iid/comment", use: pages.commentOnMergeRequest)
        web.post("\(repo)/merge-requests/:iid/approve", use: pages.approveMergeRequest)
        web.post("\(repo)/merge-requests/:iid/merge", use: pages.mergeMergeRequest)
    }
}
