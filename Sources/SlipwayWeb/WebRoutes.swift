import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// The web interface: server-rendered pages under `/ui` (and the home page at `/`), over the
/// same services, permission checks and operation log as the APIs.
package enum WebRoutes {
    package static let prefix = "/ui"
    static let signInPath = prefix + "/sign-in"

    /// Mount every page. Expects `AuthenticationMiddleware` earlier on the router.
    package static func register(
        on router: Router<AppRequestContext>, context: ServiceContext, configuration: WebConfiguration = WebConfiguration(),
        deliveries: DeliveryService, applicationLinks: ApplicationLinks
    ) {
        let strings = WebStrings.english
        let throttle = SignInThrottle(limit: configuration.throttleLimit, window: configuration.throttleWindow)
        let accounts = AccountService(context, throttle: throttle)
        let pages = WebPages(services: context, accounts: accounts, strings: strings, configuration: configuration)
        // The group has no path of its own, so `/` and `/ui/...` share its middleware.
        let web = router.group()
            .add(middleware: SecurityHeadersMiddleware())
            .add(middleware: WebSessionMiddleware(accounts: accounts, strings: strings))
            .add(middleware: AuditMiddleware(store: context.store, describers: [WebAuditDescriber(store: context.store)]))
            .add(middleware: WebErrorMiddleware(strings: strings))
        web.get("/", use: pages.home)
        web.get("\(prefix)", use: pages.home)
        web.get("\(prefix)/assets/slipway.css") { _, _ in Assets.response(Assets.stylesheet, type: "text/css; charset=utf-8") }
        web.get("\(prefix)/assets/live-log.js") { _, _ in Assets.response(Assets.liveLogScript, type: "text/javascript; charset=utf-8") }
        web.get("\(prefix)/assets/live-tasks.js") { _, _ in Assets.response(Assets.liveTaskScript, type: "text/javascript; charset=utf-8") }
        web.get("\(prefix)/sign-in", use: pages.signInForm)
        web.post("\(prefix)/sign-in", use: pages.signIn)
        web.post("\(prefix)/sign-out", use: pages.signOut)
        web.get("\(prefix)/tokens", use: pages.tokens)
        web.post("\(prefix)/tokens", use: pages.createToken)
        web.post("\(prefix)/tokens/:id/revoke", use: pages.revokeToken)
        web.get("\(prefix)/projects/:project", use: pages.project)
        web.get("\(prefix)/projects/:project/flaky-tests", use: pages.flakyTests)
        web.get("\(prefix)/projects/:project/workflows/:workflow", use: pages.workflow)
        web.post("\(prefix)/projects/:project/workflows/:workflow/run", use: pages.runWorkflow)
        web.get("\(prefix)/projects/:project/workflows/:workflow/runs/:task", use: pages.run)
        web.get("\(prefix)/projects/:project/workflows/:workflow/runs/:task/row", use: pages.runRowFragment)
        web.post("\(prefix)/projects/:project/workflows/:workflow/runs/:task/cancel", use: pages.cancelRun)
        web.post("\(prefix)/projects/:project/workflows/:workflow/runs/:task/retry", use: pages.retryRun)
        web.post("\(prefix)/projects/:project/workflows/:workflow/runs/:task/approve", use: pages.decideApproval)
        RepositoryRoutes.register(on: web, pages: pages)
        AdminRoutes.register(on: web, pages: pages, deliveries: deliveries, applicationLinks: applicationLinks)
    }
}

/// The page handlers, over the services; one file per page family extends this.
struct WebPages: Sendable {
    let services: ServiceContext
    let accounts: AccountService
    let strings: WebStrings
    let configuration: WebConfiguration

    var state: WebRequestState { WebRequestState.current }

    /// The signed-in caller and the page frame for them; signed out, a redirect to sign in
    /// (and back here afterwards).
    func signedIn(_ request: Request) throws -> (user: User, layout: Layout) {
        guard let session = state.session else {
            throw WebFailure.signIn(next: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
        }
        return (session.user, Layout(strings: strings, user: session.user, csrfToken: session.csrfToken))
    }

    /// A path parameter.
    func parameter(_ name: String, _ context: AppRequestContext) throws -> String {
        guard let value = context.parameters.get(name), !value.isEmpty else { throw SlipwayError.notFound("no \(name)") }
        return value
    }
}
