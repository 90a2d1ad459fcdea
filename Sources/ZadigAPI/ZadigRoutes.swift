import Hummingbird
import SlipwayEngine
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// The Zadig dialect: `/openapi/*` and `/api/aslan/*`, token required, Zadig envelopes, operation log.
package enum ZadigRoutes {
    /// Mount every Zadig route on the router. The whole Zadig URL map is readable here.
    /// `services` carries the services the controllers call (project deletion, …).
    package static func register(
        on router: Router<AppRequestContext>, services: ServiceContext
    ) {
        let store = services.store
        let access = AccessControl(store: store)
        var groups: [String: RouterGroup<AppRequestContext>] = [:]
        for prefix in ["openapi", "api/aslan"] {
            let group = router.group(RouterPath(prefix))
                .add(middleware: ZadigAuthRequiredMiddleware())
                .add(middleware: AuditMiddleware(store: store, describers: [ZadigAuditDescriber(store: store)]))
                .add(middleware: ZadigErrorMiddleware())
            groups[prefix] = group
        }
        let openapi = groups["openapi"]!, aslan = groups["api/aslan"]!
        ProjectController(store: store, access: access, directory: DirectoryService(services)).addRoutes(to: openapi)
        UserController(store: store, access: access).addRoutes(to: openapi)
        RoleController(store: store, access: access).addRoutes(to: openapi)
        RoleBindingController(store: store, access: access).addRoutes(to: openapi)
        OperationLogController(store: store, access: access).addRoutes(to: openapi)
        WorkflowController(services: services, access: access).addRoutes(openapi: openapi, aslan: aslan)
        ViewController(services: services, access: access).addRoutes(to: openapi)
        TaskController(services: services, access: access).addRoutes(to: openapi)
        TaskEventController(services: services, access: access).addRoutes(to: openapi)
        TicketController(services: services, access: access).addRoutes(to: openapi)
        DatabaseInstanceController(store: store, access: access).addRoutes(to: aslan)
        BuildController(services: services, access: access).addRoutes(to: openapi)
        BuildTemplateController(services: services, access: access).addRoutes(to: aslan)
        ImageRegistryController(services: services, access: access).addRoutes(to: openapi)
        TestingController(services: services, access: access).addRoutes(to: openapi)
        CodeScanController(services: services, access: access).addRoutes(openapi: openapi, aslan: aslan)
        ReleasePlanController(services: services, access: access).addRoutes(openapi: openapi, aslan: aslan)
        DeliveryVersionController(services: services, access: access).addRoutes(to: openapi)
        DeliveryArtifactController(services: services, access: access).addRoutes(to: aslan)
        for group in [openapi, aslan] {
            LogController(services: services, access: access).addRoutes(to: group)
            // Unknown Zadig paths answer in the Zadig envelope, after authentication, like the reference gateway.
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
                group.on("**", method: method) { request, _ -> Response in
                    throw ZadigError.notFound("\(request.method.rawValue) \(request.uri.path) is not a Zadig API route")
                }
            }
        }
    }
}
