import SlipwayCore

/// The frame of every page: head with the stylesheet, navigation, a skip link, the content.
struct Layout {
    let strings: WebStrings
    let user: User?
    let csrfToken: String?

    /// The hidden CSRF field every form of a signed-in page carries.
    var csrfField: HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(csrfToken ?? "")\">"
    }

    func page(title: String, _ content: HTML, scripts: [String] = []) -> HTML {
        let scriptTags = HTML(scripts.map { "<script src=\"\($0)\" defer></script>" as HTML })
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(strings(.appName))</title>
            <link rel="stylesheet" href="\(WebRoutes.prefix)/assets/slipway.css">
            \(scriptTags)
            </head>
            <body>
            <a class="skip" href="#main">\(strings(.skipToContent))</a>
            <header class="top">\(navigation)</header>
            <main id="main" tabindex="-1">
            \(content)
            </main>
            </body>
            </html>
            """
    }

    var navigation: HTML {
        guard let user else {
            return "<nav aria-label=\"\(strings(.appName))\"><a class=\"brand\" href=\"/\">\(strings(.appName))</a></nav>"
        }
        return """
            <nav aria-label="\(strings(.appName))">
            <a class="brand" href="/">\(strings(.appName))</a>
            <a href="/">\(strings(.navHome))</a>
            <a href="\(WebRoutes.prefix)/tokens">\(strings(.navTokens))</a>
            \(user.isAdmin ? "<a href=\"\(WebRoutes.prefix)/admin\">\(strings(.navAdmin))</a>" as HTML : .empty)
            <span class="who">\(strings(.signedInAs, user.account))</span>
            <form class="inline" method="post" action="\(WebRoutes.prefix)/sign-out">\(csrfField)<button type="submit">\(strings(.signOut))</button></form>
            </nav>
            """
    }
}
