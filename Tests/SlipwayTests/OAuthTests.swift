import Foundation
import HTTPTypes
import Testing

/// CODING's OAuth 2.0 authorization-code flow, scopes enforced per action.
@Suite struct OAuthTests {
    @Test(arguments: StoreKind.enabled)
    func authorizationCodeFlowWithScopes(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let registered = try await app.call(.post, "/api/oauth/clients", body: #"{"name":"CI Bot","redirect_uri":"http://127.0.0.1:9002/callback"}"#)
            let clientID = try #require(registered.json["client_id"].string, "\(registered.text)")
            let secret = try #require(registered.json["client_secret"].string)

            let query = "client_id=\(clientID)&redirect_uri=http://127.0.0.1:9002/callback&response_type=code&scope=user,project:depot&state=xyz"
            let anonymous = try await app.call(.get, "/oauth_authorize.html?\(query)", auth: .anonymous)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == #"Basic realm="Slipway""#)
            let page = try await app.call(.get, "/oauth_authorize.html?\(query)", auth: .basic(app.adminToken))
            #expect(page.status == .ok)
            #expect(page.text.contains("Authorize CI Bot") && page.text.contains("project:depot"))
            let wrongRedirect = try await app.call(
                .get, "/oauth_authorize.html?client_id=\(clientID)&redirect_uri=http://evil.example/cb", auth: .basic(app.adminToken))
            #expect(wrongRedirect.status == .badRequest)

            let approved = try await app.call(.post, "/oauth_authorize.html?\(query)&approve=1", auth: .basic(app.adminToken))
            #expect(approved.status == .found)
            let location = try #require(approved.headers[.location].flatMap { URLComponents(string: $0) })
            #expect(location.path == "/callback")
            #expect(location.queryItems?.first { $0.name == "state" }?.value == "xyz")
            let code = try #require(location.queryItems?.first { $0.name == "code" }?.value)

            let exchange = #"{"client_id":"\#(clientID)","client_secret":"\#(secret)","code":"\#(code)","grant_type":"authorization_code"}"#
            let tokens = try await app.call(.post, "/api/oauth/access_token", auth: .anonymous, body: exchange)
            #expect(tokens.status == .ok, "\(tokens.text)")
            #expect(tokens.json.keys == ["access_token", "refresh_token", "team", "expires_in", "token_type"])
            #expect(tokens.json["token_type"].string == "bearer")
            #expect(tokens.json["expires_in"].string != nil, "expires_in is a string, as in CODING's example")
            let access = try #require(tokens.json["access_token"].string)
            let refresh = try #require(tokens.json["refresh_token"].string)
            let reused = try await app.call(.post, "/api/oauth/access_token", auth: .anonymous, body: exchange)
            #expect(reused.json["error"].string == "invalid_grant", "a code works once")

            let me = try await app.call(.post, "/open-api?Action=DescribeCodingCurrentUser", auth: .bearer(access), body: "{}")
            #expect(me.json["Response"]["User"]["GlobalKey"].string == "admin", "\(me.text)")
            let members = try await app.call(
                .post, "/open-api?Action=CreateCodingProject", auth: .bearer(access),
                body: #"{"Name":"x","DisplayName":"X"}"#)
            #expect(members.json["Response"]["Error"]["Code"].string == "UnauthorizedOperation")
            #expect(try await app.call(.get, "/api/me?access_token=\(access)", auth: .anonymous).status == .ok)
            #expect(
                try await app.call(.get, "/openapi/projects/project", auth: .bearer(access)).status == .forbidden,
                "OAuth tokens carry CODING scopes only")

            let refreshed = try await app.call(
                .post, "/api/oauth/access_token", auth: .anonymous,
                body: """
                    {"client_id":"\(clientID)","client_secret":"\(secret)","refresh_token":"\(refresh)","grant_type":"refresh_token"}
                    """)
            let newAccess = try #require(refreshed.json["access_token"].string, "\(refreshed.text)")
            #expect(try await app.call(.get, "/api/me?access_token=\(newAccess)", auth: .anonymous).status == .ok)
            #expect(try await app.call(.get, "/api/me?access_token=\(access)", auth: .anonymous).status == .unauthorized, "the old access token is revoked")
            let replay = try await app.call(
                .post, "/api/oauth/access_token", auth: .anonymous,
                body: """
                    {"client_id":"\(clientID)","client_secret":"\(secret)","refresh_token":"\(refresh)","grant_type":"refresh_token"}
                    """)
            #expect(replay.json["error"].string == "invalid_grant", "refresh tokens rotate")
            let badSecret = try await app.call(
                .post, "/api/oauth/access_token", auth: .anonymous,
                body: #"{"client_id":"\#(clientID)","client_secret":"nope","code":"x","grant_type":"authorization_code"}"#)
            #expect(badSecret.status == .unauthorized)

            let denied = try await app.call(.post, "/oauth_authorize.html?\(query)&approve=0", auth: .basic(app.adminToken))
            #expect(denied.headers[.location]?.contains("error=access_denied") == true)
            let badScope = try await app.call(.get, "/oauth_authorize.html?client_id=\(clientID)&scope=root", auth: .basic(app.adminToken))
            #expect(badScope.status == .badRequest)
        }
    }
}
