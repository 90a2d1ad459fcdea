import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// `GET /open-api/issue-files?Signature=<secret>`: the attachment a DescribeIssueFileUrl link (or a
/// test case's or report's `Attachments[].Url`) names, for the member it was made for (their own
/// credential too), until it expires. Always a download (`attachment`, `nosniff`); refusals answer
/// in the CODING envelope.
enum IssueFileRoutes {
    static func path(secret: String) -> String { "/open-api/issue-files?\(UploadHandler.signatureParameter)=\(secret)" }

    static func register(on router: Router<AppRequestContext>, services: CodingServices) {
        let handler = IssueFileHandler(services: services)
        router.get("open-api/issue-files", use: handler.download)
    }
}

struct IssueFileHandler: Sendable {
    let services: CodingServices

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        do {
            guard let identity = context.identity else { throw CodingError.authFailure }
            guard let secret = request.uri.queryParameters.get(UploadHandler.signatureParameter), !secret.isEmpty else {
                throw CodingError.missingParameter(UploadHandler.signatureParameter)
            }
            let file = try await AttachmentService(services.context).download(secret: String(secret), by: identity.user)
            guard let data = FileManager.default.contents(atPath: file.path), Int64(data.count) == file.size else {
                throw SlipwayError.notFound("the file is no longer stored")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream", .init("X-Content-Type-Options")!: "nosniff",
                    .contentDisposition: Self.disposition(file.fileName),
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return try ResponseEnvelope(requestID: requestID, output: nil, error: CodingError(mapping: error)).response()
        }
    }

    /// `attachment; filename*=UTF-8''…` with every byte but unreserved ones percent-encoded.
    static func disposition(_ name: String) -> String {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return "attachment; filename*=UTF-8''" + (name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "file")
    }
}
