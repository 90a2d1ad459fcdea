import Hummingbird
import SlipwayHTTP
import SlipwayStore

/// The Zadig dialect: `/openapi/*` and `/api/aslan/*`, token required, Zadig envelopes, operation log.
public enum ZadigRoutes {
    /// Mount every Zadig route on the router. The whole Zadig URL map is readable here.
    public static func register(on router: Router<AppRequestContext>, store: Store) {
        let access = AccessControl(store: store)
        for prefix in ["openapi", "api/aslan"] {
            let group = router.group(RouterPath(prefix))
                .add(middleware: ZadigAuthRequiredMiddleware())
                .add(middleware: ZadigOperationLogMiddleware(store: store))
                .add(middleware: ZadigErrorMiddleware())
            if prefix == "openapi" {
                ProjectController(store: store, access: access).addRoutes(to: group)
                UserController(store: store, access: access).addRoutes(to: group)
                RoleController(store: store, access: access).addRoutes(to: group)
                RoleBindingController(store: store, access: access).addRoutes(to: group)
                OperationLogController(store: store, access: access).addRoutes(to: group)
            }
            // Unknown Zadig paths answer in the Zadig envelope, after authentication, like the reference gateway.
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
                group.on("**", method: method) { request, _ -> Response in
                    throw ZadigError.notFound("\(request.method.rawValue) \(request.uri.path) is not a Zadig API route")
                }
            }
        }
    }
}
