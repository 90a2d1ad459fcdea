import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// `PUT` (or `POST`) `/open-api/uploads/<Key>`: the file of an upload ticket (CreateUploadToken,
/// CreateAttachmentPrepareSignUrl), as the raw body, with the ticket's secret in `X-Upload-Token`
/// or the pre-signed URL's `Signature`, and the user's own credential (the ticket is the user's).
/// Answers in the CODING envelope: `Key`, `FileName`, `Size`. Also mounts `IssueFileRoutes`.
enum UploadRoutes {
    static func path(_ key: String) -> String { "/open-api/uploads/\(key)" }

    static func register(on router: Router<AppRequestContext>, services: CodingServices) {
        let handler = UploadHandler(services: services)
        router.put("open-api/uploads/:key", use: handler.upload)
        router.post("open-api/uploads/:key", use: handler.upload)
        IssueFileRoutes.register(on: router, services: services)
    }
}

struct UploadHandler: Sendable {
    let services: CodingServices
    static let secretHeader = HTTPField.Name("X-Upload-Token")!
    /// The query parameter of pre-signed URLs carrying the secret.
    static let signatureParameter = "Signature"

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        do {
            guard let identity = context.identity else { throw CodingError.authFailure }
            guard let key = context.parameters.get("key") else { throw CodingError.missingParameter("Key") }
            let signature = request.uri.queryParameters.get(Self.signatureParameter).map { String($0) }
            guard let secret = request.headers[Self.secretHeader] ?? signature, !secret.isEmpty else {
                throw CodingError.missingParameter("X-Upload-Token")
            }
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
