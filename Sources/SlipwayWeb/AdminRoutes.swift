import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// The Serverless Devs application pages, the webhook delivery pages and the administration
/// pages, with the services they act through.
enum AdminRoutes {
    static func register(
        on web: RouterGroup<AppRequestContext>, pages: WebPages, deliveries: DeliveryService, applicationLinks: ApplicationLinks
    ) {
        let ops = OperationsPages(
            web: pages, applications: ApplicationService(pages.services, links: applicationLinks), deliveries: deliveries,
            agents: AgentService(pages.services))
        let prefix = WebRoutes.prefix
        let application: String = "\(prefix)/projects/:project/applications/:app"
        web.get("\(prefix)/applications", use: ops.applicationList)
        web.get(RouterPath(application), use: ops.application)
        web.get("\(application)/tasks/:task", use: ops.applicationTask)
        web.post("\(application)/tasks/:task/redeploy", use: ops.redeploy)
        web.get("\(prefix)/deliveries", use: ops.deliveryList)
        web.get("\(prefix)/deliveries/:id", use: ops.delivery)
        web.post("\(prefix)/deliveries/:id/replay", use: ops.replay)
        web.get("\(prefix)/admin", use: ops.adminIndex)
        web.get("\(prefix)/admin/users", use: ops.users)
        web.post("\(prefix)/admin/users", use: ops.addUser)
        web.get("\(prefix)/admin/groups", use: ops.groups)
        web.get("\(prefix)/admin/groups/:gid", use: ops.group)
        web.get("\(prefix)/admin/tokens", use: ops.allTokens)
        web.post("\(prefix)/admin/tokens/:id/revoke", use: ops.revokeAnyToken)
        web.get("\(prefix)/admin/plugins", use: ops.plugins)
        web.get("\(prefix)/admin/agents", use: ops.agentList)
        web.post("\(prefix)/admin/agents", use: ops.createAgent)
        web.post("\(prefix)/admin/agents/:id/enable") { try await ops.setAgentEnabled($0, $1, true) }
        web.post("\(prefix)/admin/agents/:id/disable") { try await ops.setAgentEnabled($0, $1, false) }
        web.get("\(prefix)/admin/ci-templates", use: ops.ciTemplates)
        web.post("\(prefix)/admin/ci-templates", use: ops.createCITemplate)
        web.post("\(prefix)/admin/ci-templates/:id/delete", use: ops.deleteCITemplate)
    }
}

/// The handlers of those pages; one file per page family extends this.
struct OperationsPages: Sendable {
    let web: WebPages
    let applications: ApplicationService
    let deliveries: DeliveryService
    let agents: AgentService

    var strings: WebStrings { web.strings }
    var state: WebRequestState { web.state }
    var overview: OverviewService { web.overview }

    /// The signed-in caller, when a system administrator; others get the not-found page (the
    /// administration pages do not reveal themselves).
    func administrator(_ request: Request) throws -> (user: User, layout: Layout) {
        let (user, layout) = try web.signedIn(request)
        guard user.isAdmin else { throw SlipwayError.notFound("no such page") }
        return (user, layout)
    }

    /// A numeric path parameter; not found otherwise.
    func number(_ name: String, _ context: AppRequestContext) throws -> Int64 {
        guard let value = Int64(try web.parameter(name, context)) else { throw SlipwayError.notFound("no such \(name)") }
        return value
    }

    /// A table with its header cells, or `empty` when there are no rows.
    func table(_ headers: [String], _ rows: [HTML], empty: WebText) -> HTML {
        guard !rows.isEmpty else { return "<p>\(strings(empty))</p>" }
        let cells = headers.map { "<th>\($0)</th>" as HTML }
        return "<div class=\"table-wrap\"><table><thead><tr>\(cells)</tr></thead><tbody>\(rows)</tbody></table></div>"
    }
}
