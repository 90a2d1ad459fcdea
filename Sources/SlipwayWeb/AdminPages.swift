import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Administration (system administrators only; others get the not-found page): the index,
/// users (list, add with a password) and groups (list, members).
extension OperationsPages {
    static let usersPerPage = 50

    @Sendable func adminIndex(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, layout) = try administrator(request)
        let links: [(String, WebText)] = [
            ("admin/users", .adminUsers), ("admin/groups", .adminGroups), ("admin/tokens", .adminTokens), ("admin/plugins", .adminPlugins),
            ("admin/agents", .adminAgents), ("admin/ci-templates", .adminCITemplates), ("deliveries", .deliveries), ("applications", .applications),
        ]
        let items = links.map { "<li><a href=\"\(WebRoutes.prefix)/\($0.0)\">\(strings($0.1))</a></li>" as HTML }
        let body: HTML = "<h1>\(strings(.adminTitle))</h1><ul>\(items)</ul>"
        return WebResponse.page(layout.page(title: strings(.adminTitle), body))
    }

    @Sendable func users(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        return WebResponse.page(try await usersPage(user, layout, page: web.pageNumber(request), added: nil))
    }

    func usersPage(_ user: User, _ layout: Layout, page: Int, added: User?) async throws -> HTML {
        let users = try await web.accounts.users(by: user, page: page, pageSize: Self.usersPerPage)
        let rows = users.items.map { listed -> HTML in
            """
            <tr><td>\(listed.account)</td><td>\(listed.name)</td><td>\(listed.email)</td>
            <td>\(listed.isAdmin ? strings(.yes) : "")</td><td>\(WebFormat.time(listed.createdAt))</td>
            <td>\(WebFormat.time(listed.lastLoginAt ?? 0))</td></tr>
            """
        }
        let notice: HTML = added.map { "<p class=\"notice\" role=\"status\">\(strings(.userAdded, $0.account))</p>" } ?? .empty
        let headers = [strings(.account), strings(.displayName), strings(.email), strings(.administrator), strings(.created), strings(.lastSignIn)]
        let body: HTML = """
            <h1>\(strings(.adminUsers))</h1>
            \(notice)
            \(table(headers, rows, empty: .noUsers))
            \(web.pager("\(WebRoutes.prefix)/admin/users", page: page, total: users.total, pageSize: Self.usersPerPage, label: strings(.adminUsers)))
            <h2>\(strings(.addUser))</h2>
            <form class="stack" method="post" action="\(WebRoutes.prefix)/admin/users">\(layout.csrfField)
            <label for="new-account">\(strings(.account))</label>
            <input id="new-account" name="account" required maxlength="64" autocomplete="off">
            <label for="new-name">\(strings(.displayName))</label>
            <input id="new-name" name="name" maxlength="100">
            <label for="new-email">\(strings(.email))</label>
            <input id="new-email" name="email" type="email" maxlength="200">
            <label for="new-password">\(strings(.password))</label>
            <input id="new-password" name="password" type="password" required minlength="8" autocomplete="new-password">
            <label><input type="checkbox" name="admin" value="1"> \(strings(.administrator))</label>
            <button type="submit">\(strings(.addUser))</button>
            </form>
            """
        return layout.page(title: strings(.adminUsers), body)
    }

    @Sendable func addUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let form = state.form
        context.audit.note(function: "user", detail: "add \(form["account"])", targets: [form["account"]])
        let added = try await web.accounts.addUser(
            by: user, account: form["account"], name: form["name"], email: form["email"], password: form["password"],
            isAdmin: form["admin"] == "1")
        return WebResponse.page(try await usersPage(user, layout, page: 1, added: added))
    }

    @Sendable func groups(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let page = web.pageNumber(request)
        let groups = try await web.accounts.groups(by: user, page: page, pageSize: Self.usersPerPage)
        let rows = groups.items.map { summary -> HTML in
            """
            <tr><td><a href="\(WebRoutes.prefix)/admin/groups/\(HTML.component(summary.group.gid))">\(summary.group.name)</a></td>
            <td>\(summary.group.description)</td><td>\(summary.group.type)</td><td>\(summary.userTotal)</td></tr>
            """
        }
        let body: HTML = """
            <h1>\(strings(.adminGroups))</h1>
            \(table([strings(.groupName), strings(.description), strings(.groupType), strings(.members)], rows, empty: .noGroups))
            \(web.pager("\(WebRoutes.prefix)/admin/groups", page: page, total: groups.total, pageSize: Self.usersPerPage, label: strings(.adminGroups)))
            """
        return WebResponse.page(layout.page(title: strings(.adminGroups), body))
    }

    @Sendable func group(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try administrator(request)
        let (group, members) = try await web.accounts.group(try web.parameter("gid", context), by: user)
        let rows = members.map { "<tr><td>\($0.account)</td><td>\($0.name)</td><td>\($0.email)</td></tr>" as HTML }
        let everyone: HTML = group.gid == UserGroup.allUsersID ? "<p>\(strings(.allUsersGroup))</p>" : .empty
        let body: HTML = """
            <h1>\(strings(.groupTitle, group.name))</h1>
            <p><a href="\(WebRoutes.prefix)/admin/groups">\(strings(.adminGroups))</a></p>
            <p>\(group.description)</p>
            \(everyone)
            \(table([strings(.account), strings(.displayName), strings(.email)], rows, empty: .noMembers))
            """
        return WebResponse.page(layout.page(title: strings(.groupTitle, group.name), body))
    }
}
