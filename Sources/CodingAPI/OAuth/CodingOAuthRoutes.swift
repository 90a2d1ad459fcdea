import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// OAuth 2.0 authorization-code flow as CODING documents it:
/// `GET/POST /oauth_authorize.html` (consent, code), `POST /api/oauth/access_token` (code or refresh
/// token → tokens), `POST /api/oauth/clients` (register an application).
package enum CodingOAuthRoutes {
    package static func register(on router: Router<AppRequestContext>, store: Store, configuration: CodingConfiguration = CodingConfiguration()) {
        let endpoint = OAuthEndpoint(store: store, configuration: configuration)
        router.get("oauth_authorize.html", use: endpoint.authorizePage)
        router.post("oauth_authorize.html", use: endpoint.authorize)
        router.post("api/oauth/access_token", use: endpoint.accessToken)
        router.post("api/oauth/clients", use: endpoint.registerClient)
    }
}

struct OAuthEndpoint: Sendable {
    let store: Store
    let configuration: CodingConfiguration
    /// Access tokens live this long (seconds); refresh tokens much longer.
    static let accessLifetime: Int64 = 7 * 24 * 3600

    /// The consent page. Browsers without a credential are asked for Basic credentials (account + token).
    @Sendable func authorizePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try await OAuthParameters.read(request, context: context)
        guard let identity = context.identity, identity.scopes.isEmpty else { return Self.challenge() }
        let (client, redirect, scopes) = try await validate(parameters)
        return Self.html(
            OAuthPages.consent(
                client: client, user: identity.user, scopes: scopes, redirectURI: redirect,
                state: parameters["state"] ?? ""))
    }

    /// The user's answer: redirect back with `code` (and `state`), or with `error=access_denied`.
    @Sendable func authorize(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try await OAuthParameters.read(request, context: context)
        guard let identity = context.identity, identity.scopes.isEmpty else { return Self.challenge() }
        let (client, redirect, scopes) = try await validate(parameters)
        var components = URLComponents(string: redirect)
        var items = components?.queryItems ?? []
        if parameters["approve"] == "1" {
            let code = try await store.oauth.issueCode(
                OAuthGrant(clientID: client.clientID, userUID: identity.user.uid, scopes: scopes), redirectURI: parameters["redirect_uri"] ?? "")
            items.append(URLQueryItem(name: "code", value: code))
        } else {
            items.append(URLQueryItem(name: "error", value: "access_denied"))
        }
        if let state = parameters["state"] { items.append(URLQueryItem(name: "state", value: state)) }
        components?.queryItems = items
        return Response(status: .found, headers: [.location: components?.string ?? redirect])
    }

    /// `grant_type=authorization_code` (client_id, client_secret, code) or `grant_type=refresh_token`.
    @Sendable func accessToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try await OAuthParameters.read(request, context: context)
        guard let clientID = parameters["client_id"], let secret = parameters["client_secret"],
            let client = try await store.oauth.authenticateClient(id: clientID, secret: secret)
        else { return try Self.error("invalid_client", "unknown client or wrong secret", status: .unauthorized) }
        let grant: OAuthGrant
        switch parameters["grant_type"] {
        case "authorization_code":
            guard let code = parameters["code"],
                let redeemed = try await store.oauth.redeemCode(code, clientID: client.clientID, redirectURI: parameters["redirect_uri"])
            else { return try Self.error("invalid_grant", "the code is unknown, used, expired or not yours") }
            grant = redeemed
        case "refresh_token":
            guard let refresh = parameters["refresh_token"],
                let redeemed = try await store.oauth.redeemRefresh(refresh, clientID: client.clientID)
            else { return try Self.error("invalid_grant", "the refresh token is unknown, used or expired") }
            try? await store.tokens.revoke(id: redeemed.accessTokenID)
            grant = redeemed.grant
        default:
            return try Self.error("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
        }
        let issued = try await store.tokens.issue(
            userUID: grant.userUID, name: "oauth:\(client.clientID)", scopes: grant.scopes,
            expiresAt: .now() + Self.accessLifetime * 1000)
        let refresh = try await store.oauth.issueRefresh(grant, accessTokenID: issued.token.id)
        return try JSONResponse.make(
            AccessTokenDTO(
                access_token: issued.secret, refresh_token: refresh, team: configuration.teamName,
                expires_in: String(Self.accessLifetime), token_type: "bearer"))
    }

    /// Register an application owned by the caller; the secret is shown once.
    @Sendable func registerClient(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity, identity.scopes.isEmpty else {
            return try Self.error("unauthorized", "an API token (not an OAuth token) is required", status: .unauthorized)
        }
        let parameters = try await OAuthParameters.read(request, context: context)
        do {
            let (client, secret) = try await store.oauth.createClient(
                name: parameters["name"] ?? "", redirectURI: parameters["redirect_uri"] ?? "", ownerUID: identity.user.uid)
            return try JSONResponse.make(
                ClientDTO(
                    client_id: client.clientID, client_secret: secret, name: client.name,
                    redirect_uri: client.redirectURI))
        } catch let error as SlipwayError {
            return try Self.error("invalid_request", error.detail)
        }
    }

    private func validate(_ parameters: OAuthParameters) async throws -> (OAuthClient, String, [String]) {
        guard parameters["response_type"] ?? "code" == "code" else { throw HTTPError(.badRequest, message: "response_type must be code") }
        guard let id = parameters["client_id"], let client = try await store.oauth.client(id: id) else {
            throw HTTPError(.badRequest, message: "unknown client_id")
        }
        let redirect = parameters["redirect_uri"] ?? client.redirectURI
        guard client.permits(redirect: redirect) else { throw HTTPError(.badRequest, message: "redirect_uri does not match the application") }
        do {
            return (client, redirect, try parameters.scopes())
        } catch {
            throw HTTPError(.badRequest, message: error.detail)
        }
    }

    static func challenge() -> Response {
        Response(
            status: .unauthorized,
            headers: [.wwwAuthenticate: #"Basic realm="Slipway""#, .contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: OAuthPages.signIn)))
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ code: String, _ description: String, status: HTTPResponse.Status = .badRequest) throws -> Response {
        try JSONResponse.make(["error": code, "error_description": description], status: status)
    }
}

struct AccessTokenDTO: Encodable {
    let access_token: String
    let refresh_token: String
    let team: String
    /// A string, as CODING's example shows.
    let expires_in: String
    let token_type: String
}

struct ClientDTO: Encodable {
    let client_id: String
    let client_secret: String
    let name: String
    let redirect_uri: String
}
