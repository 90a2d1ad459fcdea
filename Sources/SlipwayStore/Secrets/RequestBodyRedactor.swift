import Foundation
import SlipwayCore

/// Removes credential values from a request body before the operation log stores it.
///
/// JSON bodies are parsed, redacted and stored re-encoded; YAML bodies (workflow definitions) are
/// parsed within limits and stored redacted (see `RequestBodyRedactor+YAML`). A body that cannot be
/// parsed within the limits is not stored at all: a one-line summary takes its place.
package enum RequestBodyRedactor {
    /// What a credential value is replaced with.
    package static let mask = "***"
    /// Nesting deeper than this is not walked; the body is summarised instead.
    static let maximumDepth = 64
    /// At most this many values are visited (aliases can make a small YAML text a huge tree).
    static let maximumNodes = 100_000

    /// The text to store for `body`, whose type the caller guessed (`json`, `yaml` or empty).
    /// `credentialNames`: names whose `{name|key: <name>, value}` objects hold a credential (a run
    /// request setting a workflow's credential parameters), on top of the names that look secret.
    package static func redact(_ body: String, bodyType: String, credentialNames: Set<String> = []) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return "" }
        // Checked before parsing: decoding a deeply nested body is slow even when it succeeds.
        guard shallowEnough(trimmed) else { return summary("a body nested too deeply to redact", body) }
        if bodyType == "json" || trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            guard let document = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8)) else {
                return summary("a JSON body that does not parse", body)
            }
            var budget = maximumNodes
            guard let redacted = redact(document, depth: 0, budget: &budget, names: credentialNames) else {
                return summary("a JSON body too deep or too large to redact", body)
            }
            // Nothing to hide: the body is kept as sent.
            return redacted == document ? body : JSONColumn.encode(redacted)
        }
        return redactYAML(body, names: credentialNames)
    }

    /// What is stored instead of a body that could not be redacted.
    static func summary(_ what: String, _ body: String) -> String {
        "[request body not stored: \(what), \(body.utf8.count) bytes]"
    }

    /// True for member names whose values are credentials (`password`, `client_secret`, `api_token`…).
    package static func isSensitive(_ key: String) -> Bool {
        let name = CredentialFields.folded(key)
        if CredentialFields.flagKeys.contains(name) { return false }
        if ["credential", "credentials", "authorization", "cookie", "dsn"].contains(name) { return true }
        return ["password", "passwd", "secret", "token", "privatekey", "apikey", "accesskey"].contains { name.contains($0) }
    }

    /// The redacted tree, or nil when it is deeper or larger than the limits.
    static func redact(_ value: JSONValue, depth: Int, budget: inout Int, names: Set<String> = []) -> JSONValue? {
        budget -= 1
        guard depth < maximumDepth, budget > 0 else { return nil }
        switch value {
        case .string(let text):
            return .string(redactURLPassword(text))
        case .array(let items):
            var out: [JSONValue] = []
            for item in items {
                guard let redacted = redact(item, depth: depth + 1, budget: &budget, names: names) else { return nil }
                out.append(redacted)
            }
            return .array(out)
        case .object(let object):
            // `{is_credential|sensitive|IsSensitive…: true, value}` and `{key|name|Name…: "DB_PASSWORD",
            // value}` hide their value members (`value`, `Value`, `default`, `DefaultValue`…).
            let hidesValue =
                CredentialFields.isFlagged(object)
                || CredentialFields.nameValues(object).contains { isSensitive($0) || names.contains($0) }
            var out: [String: JSONValue] = [:]
            for (key, member) in object {
                if isSensitive(key) || (hidesValue && CredentialFields.isValueKey(key)) {
                    out[key] = maskAll(member, depth: depth + 1)
                } else {
                    guard let redacted = redact(member, depth: depth + 1, budget: &budget, names: names) else { return nil }
                    out[key] = redacted
                }
            }
            return .object(out)
        default:
            return value
        }
    }

    /// Every string and number below `value` masked; structure, booleans and nulls kept.
    static func maskAll(_ value: JSONValue, depth: Int) -> JSONValue {
        guard depth < maximumDepth else { return .string(mask) }
        switch value {
        case .string(let text): return .string(text.isEmpty ? "" : mask)
        case .number: return .string(mask)
        case .array(let items): return .array(items.map { maskAll($0, depth: depth + 1) })
        case .object(let object): return .object(object.mapValues { maskAll($0, depth: depth + 1) })
        default: return value
        }
    }

    /// `postgres://user:pw@host/db` → `postgres://user:***@host/db`; other strings unchanged. A
    /// text that does not parse as a URL (a database URL refused at start-up, say) loses, on its
    /// text, what lies between the first `:` after the scheme and the last `@`.
    static func redactURLPassword(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        guard var components = URLComponents(string: text) else {
            guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
                let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
            else { return text }
            return String(text[...colon]) + mask + String(text[at...])
        }
        guard let password = components.password, !password.isEmpty else { return text }
        components.password = mask
        return components.string ?? mask
    }
}
