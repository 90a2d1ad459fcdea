import Hummingbird
import NIOCore
import SlipwayCore
import SlipwayStore

/// Records every mutating call of an authenticated caller in the operation log, once its status
/// is known. Attach it to a router or a route group with the describers of the dialects served
/// there; the repository redacts the body's credential values and caps its length before storing.
package struct AuditMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let store: Store
    let describers: [any AuditDescriber]

    package init(store: Store, describers: [any AuditDescriber]) {
        self.store = store
        self.describers = describers
    }

    static let mutating: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    package func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard Self.mutating.contains(request.method), let identity = context.identity,
            let describer = describers.first(where: { $0.audits(request) })
        else {
            return try await next(request, context)
        }
        var request = request
        var body = ""
        do {
            body = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        } catch {
            if let refusal = try describer.oversizedBodyResponse(request, context: context) {
                await record(describer, request, identity.user, body: "", status: refusal.status.code, context: context)
                return refusal
            }
            request.body = RequestBody(asyncSequence: FailedBody(error: error))
        }
        if describer.isReadOnly(request, body: body) { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            await record(describer, request, identity.user, body: body, status: status, context: context)
            throw error
        }
        var answer = ""
        if describer.inspectsResponseBody {
            let collector = BodyCollector()
            try await response.body.write(collector)
            answer = String(buffer: collector.buffer)
            response.body = ResponseBody(byteBuffer: collector.buffer)
        }
        await record(describer, request, identity.user, body: body, status: response.status.code, answer: answer, context: context)
        return response
    }

    private func record(
        _ describer: any AuditDescriber, _ request: Request, _ user: User, body: String, status: Int, answer: String = "",
        context: AppRequestContext
    ) async {
        let call = AuditedCall(request: request, user: user, body: body, status: status, responseBody: answer)
        guard let record = await describer.record(call, context: context) else { return }
        do {
            try await store.operationLogs.record(record.log, credentialNames: record.credentialNames)
        } catch {
            context.logger.error("operation log not recorded", metadata: ["error": "\(error)"])
        }
    }
}

/// A request body that fails as the original did when it was read, so the handler refuses it
/// exactly as it would have without the audit middleware in front.
struct FailedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let error: any Error

    struct AsyncIterator: AsyncIteratorProtocol {
        let error: any Error
        mutating func next() async throws -> ByteBuffer? { throw error }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(error: error) }
}

/// Reads an answer's body into one buffer, so a describer can inspect it before it is sent.
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
