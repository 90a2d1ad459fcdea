import Foundation
import Hummingbird
import SlipwayHTTP

/// What an action handler returns: a struct whose properties are the named siblings of
/// `RequestId` under `Response` (coding keys spelled exactly as CODING does).
protocol ActionOutput: Encodable, Sendable {}

/// Write-only actions answer with just the `RequestId`.
struct NoOutput: ActionOutput {}

/// `{"Response":{"RequestId":…, <output fields> | "Error":{…}}}`.
struct ResponseEnvelope: Encodable {
    let requestID: String
    let output: (any ActionOutput)?
    let error: CodingError?

    private enum Outer: String, CodingKey { case Response }
    private enum Inner: String, CodingKey { case RequestId, Error }
    private enum ErrorKeys: String, CodingKey { case Code, Message }

    func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Outer.self)
        let body = outer.superEncoder(forKey: .Response)
        var inner = body.container(keyedBy: Inner.self)
        try inner.encode(requestID, forKey: .RequestId)
        // Output fields go into the same JSON object as RequestId.
        if let output { try output.encode(to: body) }
        if let error {
            var e = inner.nestedContainer(keyedBy: ErrorKeys.self, forKey: .Error)
            try e.encode(error.code, forKey: .Code)
            try e.encode(error.message, forKey: .Message)
        }
    }

    func response() throws -> Response {
        try JSONResponse.make(self)
    }
}
