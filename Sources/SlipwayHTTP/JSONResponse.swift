import Foundation
import Hummingbird

/// Encodes a value as the JSON body of a response. Dialects choose their own encoder settings.
package enum JSONResponse {
    package static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, encoder: JSONEncoder = defaultEncoder) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Slashes unescaped, as every dialect's reference server writes them.
    package static var defaultEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// A response with no body at all (Zadig's 401/403).
    package static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0"], body: .init())
    }
}
