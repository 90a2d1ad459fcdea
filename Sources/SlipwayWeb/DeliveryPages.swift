import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Webhook deliveries: the history (system administrators, as `GET /api/webhook/deliveries`),
/// newest first and paged, with the decision taken on each; one delivery with its headers and
/// body; and replay (administrators, or the owner of an application the delivery concerns, as
/// `POST /api/webhook/deliveries/replay`).
extension OperationsPages {
    static let deliveriesPerPage = 25
    /// Shown of a delivery's body on its page; the rest is cut.
    static let bodyShown = 64 * 1024

    @Sendable func deliveryList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let provider = request.uri.queryParameters.get("provider").flatMap { $0.isEmpty ? nil : String($0) }
        let page = web.pageNumber(request)
        let found = try await deliveries.deliveries(by: user, provider: provider, page: page, pageSize: Self.deliveriesPerPage)
        let rows = found.items.map { delivery -> HTML in
            """
            <tr><td><a href="\(Links.delivery(delivery.id))">\(delivery.id)</a></td><td>\(WebFormat.time(delivery.receivedAt))</td>
            <td>\(delivery.provider)</td><td>\(delivery.event)</td><td>\(delivery.signatureStatus)</td>
            <td>\(outcome(delivery.taskRef, delivery.decision))</td><td>\(delivery.decision)</td>
            <td>\(replayForm(delivery.id, signature: delivery.signatureStatus, layout: layout, next: nil))</td></tr>
            """
        }
        let headers = [
            strings(.delivery), strings(.received), strings(.provider), strings(.event), strings(.signature), strings(.outcome),
            strings(.decision), "",
        ]
        let base = "\(WebRoutes.prefix)/deliveries" + (provider.map { "?provider=\(HTML.component($0))" } ?? "")
        let body: HTML = """
            <h1>\(strings(.deliveries))</h1>
            <form class="inline" method="get" action="\(WebRoutes.prefix)/deliveries">
            <label for="provider">\(strings(.provider))</label>
            <input id="provider" name="provider" value="\(provider ?? "")">
            <button type="submit" class="secondary">\(strings(.filter))</button></form>
            \(table(headers, rows, empty: .noDeliveries))
            \(web.pager(base, page: page, hasOlder: found.hasOlder, label: strings(.deliveries)))
            """
        return WebResponse.page(layout.page(title: strings(.deliveries), body))
    }

    @Sendable func delivery(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let delivery = try await deliveries.delivery(try number("id", context), by: user)
        let headerRows = delivery.headers.sorted { $0.key < $1.key }.map { "<tr><td>\($0.key)</td><td>\($0.value)</td></tr>" as HTML }
        let cut = delivery.body.utf8.count > Self.bodyShown
        let shown = cut ? String(decoding: Array(delivery.body.utf8.prefix(Self.bodyShown)), as: UTF8.self) : delivery.body
        let title = strings(.deliveryTitle, String(delivery.id))
        let body: HTML = """
            <h1>\(title)</h1>
            <p><a href="\(WebRoutes.prefix)/deliveries">\(strings(.deliveries))</a></p>
            <dl>
            <dt>\(strings(.received))</dt><dd>\(WebFormat.time(delivery.receivedAt))</dd>
            <dt>\(strings(.provider))</dt><dd>\(delivery.provider) · \(delivery.event) · <span class="secret">\(delivery.deliveryID)</span></dd>
            <dt>\(strings(.signature))</dt><dd>\(delivery.signatureStatus)</dd>
            <dt>\(strings(.outcome))</dt><dd>\(outcome(delivery.taskRef, delivery.decision))</dd>
            <dt>\(strings(.decision))</dt><dd>\(delivery.decision)</dd>
            </dl>
            <div class="actions">\(replayForm(delivery.id, signature: delivery.signatureStatus, layout: layout, next: nil))</div>
            <h2>\(strings(.headers))</h2>
            \(table([strings(.header), strings(.value)], headerRows, empty: .noHeaders))
            <h2>\(strings(.payload))</h2>
            <pre class="log" tabindex="0">\(shown)</pre>
            \(cut ? "<p>\(strings(.payloadCut, String(Self.bodyShown)))</p>" as HTML : .empty)
            """
        return WebResponse.page(layout.page(title: title, body))
    }

    /// Triggered (with the tasks started) or ignored (the decision says why).
    func outcome(_ taskRef: String, _ decision: String) -> HTML {
        if !taskRef.isEmpty { return "<span class=\"status status-passed\">\(strings(.triggered, taskRef))</span>" }
        return decision.isEmpty ? .empty : "<span class=\"status\">\(strings(.ignored))</span>"
    }

    /// The replay button; a delivery with a bad signature is never replayed.
    func replayForm(_ id: Int64, signature: String, layout: Layout, next: String?) -> HTML {
        guard signature != "invalid" else { return .empty }
        let back: HTML = next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0)\">" } ?? .empty
        return """
            <form class="inline" method="post" action="\(Links.delivery(id))/replay">\(layout.csrfField)\(back)
            <button type="submit" class="secondary" aria-label="\(strings(.replayDelivery, String(id)))">\(strings(.replay))</button></form>
            """
    }

    /// Replay: acts again on a stored delivery through the inbox (its permission rule), then
    /// shows the new delivery to an administrator, or goes back to `next` (an application's page).
    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try web.signedIn(request)
        let id = try number("id", context)
        context.audit.note(function: "webhook/deliveries/replay", detail: String(id), targets: [String(id)])
        let outcome = try await deliveries.replay(id: id, by: user)
        if user.isAdmin { return WebResponse.redirect(Links.delivery(outcome.delivery.id)) }
        return WebResponse.redirect(WebPages.localPath(state.form["next"]))
    }
}
