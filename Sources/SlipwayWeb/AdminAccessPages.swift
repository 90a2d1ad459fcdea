import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Administration of access: every user's API tokens (list, revoke), the plugins, and the
/// agents (list with their state; a new agent's token, shown once).
extension OperationsPages {
    @Sendable func allTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let page = web.pageNumber(request)
        let found = try await web.accounts.allTokens(by: user, page: page, pageSize: Self.usersPerPage)
        var rows: [HTML] = []
        for owner in found.items {
            for token in owner.tokens {
                rows.append(
                    """
                    <tr><td>\(owner.user.account)</td><td>\(token.id)</td><td>\(token.name)</td><td class="secret">\(token.prefix)…</td>
                    <td>\(WebFormat.time(token.createdAt))</td><td>\(WebFormat.time(token.expiresAt ?? 0))</td>
                    <td><form class="inline" method="post" action="\(WebRoutes.prefix)/admin/tokens/\(token.id)/revoke">\(layout.csrfField)
                    <button type="submit" class="danger" aria-label="\(strings(.revoke)) \(token.name)">\(strings(.revoke))</button></form></td></tr>
                    """)
            }
        }
        let headers = [
            strings(.account), "ID", strings(.tokenName), strings(.tokenPrefix), strings(.tokenCreatedAt), strings(.expires), "",
        ]
        let body: HTML = """
            <h1>\(strings(.adminTokens))</h1>
            \(table(headers, rows, empty: .noTokens))
            \(web.pager("\(WebRoutes.prefix)/admin/tokens", page: page, total: found.total, pageSize: Self.usersPerPage, label: strings(.adminTokens)))
            """
        return WebResponse.page(layout.page(title: strings(.adminTokens), body))
    }

    /// Revoke anyone's token (the same service call and log entry as revoking one's own).
    @Sendable func revokeAnyToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try administrator(request)
        let id = try number("id", context)
        context.audit.note(function: "API token", detail: "revoke \(id)", targets: [String(id)])
        try await web.accounts.revokeToken(id: id, by: user)
        return WebResponse.redirect("\(WebRoutes.prefix)/admin/tokens")
    }

    @Sendable func plugins(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let rows = try await web.accounts.plugins(by: user).map { plugin -> HTML in
            let inputs = plugin.inputs.map(\.name).joined(separator: ", ")
            return """
                <tr><td>\(plugin.name)</td><td>\(plugin.version)</td><td>\(plugin.description)</td><td>\(inputs)</td>
                <td>\(plugin.createdBy)</td><td>\(WebFormat.time(plugin.updatedAt))</td></tr>
                """
        }
        let headers = [strings(.pluginName), strings(.version), strings(.description), strings(.inputs), strings(.creator), strings(.updated)]
        let body: HTML = "<h1>\(strings(.adminPlugins))</h1>\(table(headers, rows, empty: .noPlugins))"
        return WebResponse.page(layout.page(title: strings(.adminPlugins), body))
    }

    @Sendable func agentList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        return WebResponse.page(try await agentsPage(user, layout, created: nil))
    }

    func agentsPage(_ user: User, _ layout: Layout, created: (secret: String, agent: Agent)?) async throws -> HTML {
        let listed = try await agents.list(by: user)
        var shown: HTML = .empty
        if let created {
            shown = """
                <div class="notice" role="status"><p>\(strings(.agentCreated, created.agent.name)) \(strings(.tokenShownOnce))</p>
                <p class="secret" id="new-agent-token">\(created.secret)</p></div>
                """
        }
        let rows = listed.map { status -> HTML in
            let agent = status.agent
            let state =
                !agent.enabled ? strings(.agentDisabled) : status.online ? (status.busy ? strings(.agentBusy) : strings(.agentOnline)) : strings(.agentOffline)
            return """
                <tr><td>\(agent.name)</td><td>\(state)</td><td>\(agent.labels.joined(separator: ", "))</td>
                <td>\(status.running) / \(agent.capacity)</td><td>\(agent.executor) \(agent.version)</td>
                <td>\(WebFormat.time(agent.lastSeenAt ?? 0))</td>
                <td><form class="inline" method="post" action="\(WebRoutes.prefix)/admin/agents/\(agent.id)/\(agent.enabled ? "disable" : "enable")">\(layout.csrfField)
                <button type="submit" class="secondary" aria-label="\(strings(agent.enabled ? .disable : .enable)) \(agent.name)">\(strings(agent.enabled ? .disable : .enable))</button></form></td></tr>
                """
        }
        let headers = [strings(.agentName), strings(.status), strings(.labels), strings(.running), strings(.executor), strings(.lastSeen), ""]
        let body: HTML = """
            <h1>\(strings(.adminAgents))</h1>
            \(shown)
            \(table(headers, rows, empty: .noAgents))
            <h2>\(strings(.createAgent))</h2>
            <form class="stack" method="post" action="\(WebRoutes.prefix)/admin/agents">\(layout.csrfField)
            <label for="agent-name">\(strings(.agentName))</label>
            <input id="agent-name" name="name" required maxlength="64">
            <label for="agent-labels">\(strings(.labels)) <small>\(strings(.labelsHint))</small></label>
            <input id="agent-labels" name="labels">
            <label for="agent-capacity">\(strings(.capacity))</label>
            <input id="agent-capacity" name="capacity" type="number" min="1" max="1024" value="1">
            <button type="submit">\(strings(.createAgent))</button>
            </form>
            """
        return layout.page(title: strings(.adminAgents), body)
    }

    /// A new agent's token: the same service call and log entry as `POST /api/slipway/agents`;
    /// the token is in this answer only.
    @Sendable func createAgent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let form = state.form
        let labels = form["labels"].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        context.audit.note(function: "agent", detail: "issue token for \(form["name"])")
        guard let capacity = Int(form["capacity"].isEmpty ? "1" : form["capacity"]) else {
            throw SlipwayError.invalidInput("capacity must be a number")
        }
        let issued = try await agents.issueToken(by: user, name: form["name"], labels: labels, capacity: capacity)
        return WebResponse.page(try await agentsPage(user, layout, created: (issued.token, issued.agent)))
    }

    /// Enable or disable an agent: the same service call and log entry as
    /// `POST /api/slipway/agents/<id>/enable|disable`.
    func setAgentEnabled(_ request: Request, _ context: AppRequestContext, _ enabled: Bool) async throws -> Response {
        let (user, _) = try administrator(request)
        let text = try web.parameter("id", context)
        context.audit.note(function: "agent", detail: "\(enabled ? "enable" : "disable") \(text)")
        guard let id = Int64(text) else { throw SlipwayError.notFound("no such agent") }
        _ = try await agents.setEnabled(by: user, id: id, enabled)
        return WebResponse.redirect("\(WebRoutes.prefix)/admin/agents")
    }
}
