import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// `PUT` (or `POST`) `/open-api/uploads/<Key>`: the file of an upload ticket (CreateUploadToken),
/// as the raw body, with the ticket's secret in `X-Upload-Token` and the user's own credential
/// (the ticket is the user's). Answers in the CODING envelope: `Key`, `FileName`, `Size`.
enum UploadRoutes {
    static func path(_ key: String) -> String { "/open-api/uploads/\(key)" }

    static func register(on router: Router<AppRequestContext>, services: CodingServices) {
        let handler = UploadHandler(services: services)
        router.put("open-api/uploads/:key", use: handler.upload)
        router.post("open-api/uploads/:key", use: handler.upload)
    }
}

struct UploadHandler: Sendable {
    let services: CodingServices
    static let secretHeader = HTTPField.Name("X-Upload-Token")!

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        do {
            guard let identity = context.identity else { throw CodingError.authFailure }
            guard let key = context.parameters.get("key") else { throw CodingError.missingParameter("Key") }
            guard let secret = request.headers[Self.secretHeader], !secret.isEmpty else { throw CodingError.missingParameter("X-Upload-Token") }
            let upload = try await UploadStore(services.context).receive(
                key: key, secret: secret, by: identity.user, chunks: request.body.map { Array($0.readableBytesView) })
            return try ResponseEnvelope(
                requestID: requestID, output: UploadOutput(Key: upload.key, FileName: upload.fileName, Size: upload.size ?? 0), error: nil
            ).response()
        } catch {
            return try ResponseEnvelope(requestID: requestID, output: nil, error: CodingError(mapping: error)).response()
        }
    }
}
