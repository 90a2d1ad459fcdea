import Hummingbird
import SlipwayEngine
import SlipwayHTTP
import SlipwayServices

/// Slipway's own agent routes, with Zadig's error envelope: `/api/slipway/agents` (administrators,
/// user tokens) and, when the server runs agents, `/api/slipway/agent/*` (the agent protocol,
/// agent tokens).
package enum SlipwayAgentRoutes {
    package static func register(on router: Router<AppRequestContext>, services: ServiceContext) {
        let service = AgentService(services)
        // Issuing, enabling and disabling agents go to the operation log (never the token: answers are not recorded).
        let admin = router.group("api/slipway")
            .add(middleware: ZadigAuthRequiredMiddleware())
            .add(middleware: AuditMiddleware(store: services.store, describers: [ZadigAuditDescriber(store: services.store)]))
            .add(middleware: ZadigErrorMiddleware())
        AgentAdminController(service: service, access: AccessControl(store: services.store)).addRoutes(to: admin)
        // Team CI build templates (CreateCodingCIJobByTeamTemplate's source).
        CITemplateController(services: services, access: AccessControl(store: services.store)).addRoutes(to: admin)
        guard let dispatcher = services.agents else { return }
        let agents = router.group("api/slipway/agent").add(middleware: ZadigErrorMiddleware())
        AgentProtocolController(service: service, dispatcher: dispatcher).addRoutes(to: agents)
    }
}
