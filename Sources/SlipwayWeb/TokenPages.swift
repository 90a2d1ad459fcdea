import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// A user's own API tokens: list, create (the secret shown once), revoke.
extension WebPages {
    @Sendable func tokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try signedIn(request)
        return WebResponse.page(try await tokensPage(user, layout, created: nil))
    }

    func tokensPage(_ user: User, _ layout: Layout, created: (secret: String, token: APIToken)?) async throws -> HTML {
        let tokens = try await accounts.tokens(of: user)
        var shown: HTML = .empty
        if let created {
            shown = """
                <div class="notice" role="status"><p>\(strings(.tokenCreated, created.token.name)) \(strings(.tokenShownOnce))</p>
                <p class="secret" id="new-token">\(created.secret)</p></div>
                """
        }
        let rows = tokens.map { token -> HTML in
            """
            <tr><td>\(token.id)</td><td>\(token.name)</td><td class="secret">\(token.prefix)…</td><td>\(WebFormat.time(token.createdAt))</td>
            <td><form class="inline" method="post" action="\(WebRoutes.prefix)/tokens/\(token.id)/revoke">\(layout.csrfField)
            <button type="submit" class="danger" aria-label="\(strings(.revoke)) \(token.name)">\(strings(.revoke))</button></form></td></tr>
            """
        }
        let table: HTML =
            tokens.isEmpty
            ? "<p>\(strings(.noTokens))</p>"
            : """
            <div class="table-wrap"><table><thead><tr><th>ID</th><th>\(strings(.tokenName))</th><th>\(strings(.tokenPrefix))</th>
            <th>\(strings(.tokenCreatedAt))</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        let body: HTML = """
            <h1>\(strings(.tokensTitle))</h1>
            \(shown)
            \(table)
            <h2>\(strings(.createToken))</h2>
            <form class="stack" method="post" action="\(WebRoutes.prefix)/tokens">\(layout.csrfField)
            <label for="token-name">\(strings(.tokenName))</label>
            <input id="token-name" name="name" required maxlength="100">
            <button type="submit">\(strings(.createToken))</button>
            </form>
            """
        return layout.page(title: strings(.tokensTitle), body)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try signedIn(request)
        let issued = try await accounts.issueToken(for: user, name: state.form["name"])
        context.audit.note(function: "API token", detail: "create \(issued.token.name)", targets: [String(issued.token.id)])
        // Shown in this answer only: a reload asks to post again rather than showing it twice.
        return WebResponse.page(try await tokensPage(user, layout, created: issued))
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try signedIn(request)
        guard let id = Int64(try parameter("id", context)) else { throw SlipwayError.notFound("no such token") }
        context.audit.note(function: "API token", detail: "revoke \(id)", targets: [String(id)])
        try await accounts.revokeToken(id: id, by: user)
        return WebResponse.redirect("\(WebRoutes.prefix)/tokens")
    }
}
