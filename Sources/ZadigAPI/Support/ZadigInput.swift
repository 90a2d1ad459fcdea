import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP

/// Reading Zadig requests: JSON bodies and query parameters, with Zadig's 400 on anything malformed.
enum ZadigInput {
    /// Decode the JSON body; an empty, oversized or malformed body is a 400/413 in Zadig's envelope.
    static func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw ZadigError.badRequest("request body is required") }
        let data = Data(buffer: buffer)
        do {
            let value = try JSONDecoder().decode(T.self, from: data)
            try refuseNUL(try JSONDecoder().decode(JSONValue.self, from: data))
            return value
        } catch let error as DecodingError {
            throw ZadigError.badRequest(describe(error))
        }
    }

    /// No string (or key) of a Zadig body may hold NUL: stores would cut or refuse it.
    static func refuseNUL(_ json: JSONValue) throws {
        guard let nul = json.firstNUL else { return }
        let at = nul.path().isEmpty ? "body" : nul.path()
        throw ZadigError.badRequest("\(at): \(nul.inKey ? "keys" : "strings") must not contain NUL (\\u0000)")
    }

    /// A field path and what was wrong with it, e.g. `project_key: required field is missing`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return "\(path(ctx.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let ctx):
            if ctx.codingPath.isEmpty { return typeName(type) == "an array" ? "the body must be a JSON array" : "the body must be a JSON object" }
            return "\(path(ctx.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(typeName(type)), got null"
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "malformed JSON body" : "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "malformed JSON body"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return "\(type)".contains("Array") ? "an array" : "an object"
        }
    }

    /// A path parameter, percent-decoded (`/view/my%20view` names `my view`).
    static func path(_ context: AppRequestContext, _ name: String) throws -> String {
        guard let value = try optionalPath(context, name) else { throw ZadigError.badRequest("\(name) is required") }
        return value
    }

    static func optionalPath(_ context: AppRequestContext, _ name: String) throws -> String? {
        guard let raw = context.parameters.get(name) else { return nil }
        guard let decoded = raw.removingPercentEncoding else { throw ZadigError.badRequest("\(name) is not valid percent-encoding") }
        guard !decoded.contains("\0") else { throw ZadigError.badRequest("\(name) must not contain NUL") }
        return decoded
    }

    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    static func requiredQuery(_ request: Request, _ name: String) throws -> String {
        guard let value = query(request, name) else { throw ZadigError.badRequest("\(name) is required") }
        return value
    }

    static func intQuery(_ request: Request, _ name: String) throws -> Int? {
        guard let raw = query(request, name) else { return nil }
        guard let value = Int(raw) else { throw ZadigError.badRequest("\(name) must be an integer") }
        return value
    }

    /// A positive page number or size, with a default when absent.
    static func pageQuery(_ request: Request, _ name: String, default fallback: Int?, max: Int = 1000) throws -> Int {
        guard let value = try intQuery(request, name) ?? fallback else { throw ZadigError.badRequest("\(name) is required") }
        guard value >= 1, value <= max else { throw ZadigError.badRequest("\(name) must be between 1 and \(max)") }
        return value
    }

    static func requiredBoolQuery(_ request: Request, _ name: String) throws -> Bool {
        switch try requiredQuery(request, name).lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw ZadigError.badRequest("\(name) must be true or false")
        }
    }
}
