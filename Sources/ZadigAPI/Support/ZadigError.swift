import Foundation
import Hummingbird
import NIOCore
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// An error in Zadig's envelope: `{type, message, code, description, extra}`.
/// Codes 6000–7999 travel with HTTP 400; other codes are the HTTP status.
package struct ZadigError: Error, HTTPResponseError, Equatable {
    package var code: Int
    package var message: String
    package var description: String
    /// Untyped errors (Zadig's plain Go errors) omit `type` and `extra`.
    package var typed: Bool = true

    package var status: HTTPResponse.Status {
        (6000...7999).contains(code) ? .badRequest : HTTPResponse.Status(code: code)
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(ZadigErrorBody(self), status: status)
    }

    package static func badRequest(_ description: String) -> ZadigError {
        ZadigError(code: 400, message: "Bad Request", description: description)
    }

    package static func notFound(_ description: String) -> ZadigError {
        ZadigError(code: 404, message: "Request Not Found", description: description)
    }

    package static func internalError(_ description: String) -> ZadigError {
        ZadigError(code: 500, message: "Internal Error: ", description: description, typed: false)
    }

    package static func tooLarge(_ limit: Int) -> ZadigError {
        ZadigError(code: 413, message: "Request Entity Too Large", description: "request body exceeds \(limit) bytes")
    }

    package static func operation(_ op: ZadigOperation, _ description: String) -> ZadigError {
        ZadigError(code: op.code, message: op.message, description: description)
    }
}

struct ZadigErrorBody: Encodable {
    let error: ZadigError

    init(_ error: ZadigError) { self.error = error }

    enum CodingKeys: String, CodingKey { case type, message, code, description, extra }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if error.typed { try c.encode("error", forKey: .type) }
        try c.encode(error.message, forKey: .message)
        try c.encode(error.code, forKey: .code)
        try c.encode(error.description, forKey: .description)
        if error.typed { try c.encode([String: String](), forKey: .extra) }
    }
}

/// The documented operation failure codes (zadig-api.md §0.3).
package struct ZadigOperation: Sendable, Equatable {
    package let code: Int
    package let message: String

    package static let createProject = ZadigOperation(code: 6060, message: "创建项目失败")
    package static let listProjects = ZadigOperation(code: 6061, message: "列出项目失败")
    package static let deleteProject = ZadigOperation(code: 6063, message: "删除项目失败")
    package static let getProject = ZadigOperation(code: 6073, message: "获取项目失败")
}

extension ZadigError {
    /// The one place a thrown error becomes a Zadig response. `nil` means "empty body with this status"
    /// (401 and 403 carry no body in Zadig).
    static func map(_ error: any Error, operation: ZadigOperation? = nil) -> Result<ZadigError, EmptyStatus> {
        switch error {
        case let error as ZadigError:
            return .success(error)
        case let error as PipelineError:
            return .success(.operation(.failing(error), error.underlying.detail))
        case let error as SlipwayError:
            switch error {
            case .unauthenticated: return .failure(EmptyStatus(status: .unauthorized))
            case .forbidden: return .failure(EmptyStatus(status: .forbidden))
            case .invalidInput(let m): return .success(.badRequest(m))
            case .notFound(let m): return .success(operation.map { .operation($0, m) } ?? .notFound(m))
            case .conflict(let m), .failedPrecondition(let m):
                return .success(operation.map { .operation($0, m) } ?? .badRequest(m))
            case .internalError(let m): return .success(.internalError(m))
            }
        case is NIOTooManyBytesError:
            return .success(.tooLarge(AppRequestContext.uploadLimit))
        case let error as DecodingError:
            return .success(.badRequest(ZadigInput.describe(error)))
        case let error as HTTPError:
            let messages: [Int: String] = [
                400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Request Not Found", 413: "Request Entity Too Large",
            ]
            return .success(
                ZadigError(
                    code: error.status.code, message: messages[error.status.code] ?? error.status.reasonPhrase,
                    description: error.body ?? error.status.reasonPhrase))
        default:
            return .success(.internalError(String(describing: error)))
        }
    }

    struct EmptyStatus: Error {
        let status: HTTPResponse.Status
    }
}

/// Run a handler body, turning domain failures into the operation's documented code.
func withOperation<T>(_ operation: ZadigOperation, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SlipwayError {
        switch error {
        case .conflict(let m), .failedPrecondition(let m), .notFound(let m), .internalError(let m):
            throw ZadigError.operation(operation, m)
        default:
            throw error
        }
    }
}

extension ZadigOperation {
    package static let createTask = ZadigOperation(code: 6160, message: "创建工作流任务失败")
    package static let getTask = ZadigOperation(code: 6161, message: "获取工作流任务失败")
    package static let listTasks = ZadigOperation(code: 6162, message: "列出工作流任务失败")
    package static let cancelTask = ZadigOperation(code: 6163, message: "取消工作流任务失败")
    package static let retryTask = ZadigOperation(code: 6164, message: "重试工作流任务失败")
    package static let approveTask = ZadigOperation(code: 6169, message: "批准工作流任务失败")
    // The reference spells "wokflow" in 6540.
    package static let upsertWorkflow = ZadigOperation(code: 6540, message: "新建或更新wokflow失败")
    package static let listWorkflows = ZadigOperation(code: 6541, message: "列出workflow失败")
    package static let findWorkflow = ZadigOperation(code: 6542, message: "查询workflow失败")
    package static let deleteWorkflow = ZadigOperation(code: 6543, message: "删除workflow失败")
    package static let lintWorkflow = ZadigOperation(code: 6545, message: "校验workflow失败")
    package static let workflowExists = ZadigOperation(code: 6145, message: "工作流已经存在")
}
