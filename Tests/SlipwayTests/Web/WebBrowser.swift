import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SlipwayCore
import SlipwayServices
import Testing

/// A browser as the pages see it, over the in-process app: it keeps cookies, and finds the CSRF
/// token in the last page it loaded (as a form would submit it).
struct WebBrowser {
    let app: Harness
    var cookies: [String: String] = [:]
    /// Every `Set-Cookie` header the app sent, newest last.
    var setCookies: [String] = []
    var lastPage = ""
    /// Extra headers on every request (`X-Forwarded-Proto`…).
    var headers: HTTPFields = [:]

    init(_ app: Harness) {
        self.app = app
    }

    /// The CSRF token of the last page's forms.
    var csrf: String {
        guard let range = lastPage.range(of: #"name="csrf" value="([^"]*)""#, options: .regularExpression) else { return "" }
        return String(lastPage[range]).components(separatedBy: "value=\"")[1].dropLast().description
    }

    mutating func get(_ path: String) async throws -> Reply {
        try await send(.get, path, body: nil)
    }

    /// Post a form; `csrf` nil sends the last page's token, "" sends none.
    mutating func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Reply {
        var all = fields
        let token = csrf ?? self.csrf
        if !token.isEmpty { all.append(("csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, path, body: body)
    }

    private mutating func send(_ method: HTTPRequest.Method, _ path: String, body: String?) async throws -> Reply {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await app.client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] {
            setCookies.append(header)
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let reply = Reply(status: response.status, text: String(buffer: response.body), headers: response.headers)
        if reply.headers[.contentType]?.hasPrefix("text/html") == true { lastPage = reply.text }
        return reply
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Open the sign-in page and sign in.
    @discardableResult
    mutating func signIn(_ account: String, _ password: String) async throws -> Reply {
        _ = try await get("/ui/sign-in")
        return try await post("/ui/sign-in", [("account", account), ("password", password), ("next", "/")])
    }
}

extension Harness {
    /// A user with a web password (and an API token).
    @discardableResult
    func makeWebUser(_ account: String, password: String = "correct horse", admin: Bool = false) async throws -> (user: User, token: String) {
        let made = try await makeUser(account, admin: admin)
        try await store.passwords.set(userUID: made.user.uid, hash: PasswordHasher.hash(password))
        return made
    }

    /// The admin's web password, set once.
    func adminBrowser(password: String = "admin password") async throws -> WebBrowser {
        let admin = try #require(try await store.users.find(account: "admin"))
        try await store.passwords.set(userUID: admin.uid, hash: PasswordHasher.hash(password))
        var browser = WebBrowser(self)
        let reply = try await browser.signIn("admin", password)
        #expect(reply.status == .seeOther, "sign in: \(reply.text)")
        return browser
    }
}
