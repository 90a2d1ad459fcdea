import Foundation
import HTTPTypes
import Hummingbird

/// Pulls an API token out of whichever header style the caller's dialect uses.
package enum Credentials {
    /// Order: `?token=` (browsers opening SSE/log URLs; wins as in Zadig), `Authorization: Bearer`,
    /// `Authorization: token`, `cd_token`, then HTTP Basic with the token as password (git).
    package static func secret(from request: Request) -> String? {
        for name in ["token", "access_token"] {
            if let token = request.uri.queryParameters.get(name), !token.isEmpty { return token }
        }
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                switch parts[0].lowercased() {
                case "bearer", "token":
                    return parts[1].trimmingCharacters(in: .whitespaces)
                case "basic":
                    return basicPassword(parts[1])
                default:
                    break
                }
            }
        }
        if let field = HTTPField.Name("cd_token"), let token = request.headers[field], !token.isEmpty {
            return token
        }
        return nil
    }

    /// The password of a Basic credential (the user name is ignored: the token names the user).
    static func basicPassword(_ encoded: String) -> String? {
        guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespaces)),
            let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let password = String(decoded[decoded.index(after: colon)...])
        return password.isEmpty ? nil : password
    }
}
