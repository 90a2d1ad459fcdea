import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §9 release plans: the OpenAPI reads, create and whole-plan update, and the `/api/aslan`
/// routes that drive a plan (status, approval, job execution, history, deletion).
struct ReleasePlanController {
    let services: ServiceContext
    let access: AccessControl
    var plans: ReleasePlanService { ReleasePlanService(services) }

    func addRoutes(openapi: RouterGroup<AppRequestContext>, aslan: RouterGroup<AppRequestContext>) {
        openapi.get("release_plan/v1", use: list)
        openapi.post("release_plan/v1", use: create)
        openapi.get("release_plan/v1/:id", use: detail)
        openapi.patch("release_plan/v1/:id", use: update)
        aslan.get("release_plan/v1/:id/logs", use: logs)
        aslan.delete("release_plan/v1/:id", use: delete)
        aslan.post("release_plan/v1/:id/status/:status", use: changeStatus)
        aslan.post("release_plan/v1/:id/approve", use: approve)
        aslan.post("release_plan/v1/:id/execute", use: execute)
        // Zadig `POST /api/aslan/release_plan/v1/:id/skip` (SkipReleaseJob) and `/retry` (RetryReleaseJob).
        aslan.post("release_plan/v1/:id/skip", use: skip)
        aslan.post("release_plan/v1/:id/retry", use: retry)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pageNum = try ZadigInput.pageQuery(request, "pageNum", default: nil, max: Int(Int32.max))
        let pageSize = try ZadigInput.pageQuery(request, "pageSize", default: nil)
        let page = try await plans.list(page: pageNum, pageSize: pageSize, user: try access.identity(context).user)
        return try JSONResponse.make(ReleasePlanListResponse(page))
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        return try JSONResponse.make(ReleasePlanDetail(try await plans.plan(id, user: try access.identity(context).user)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(ReleasePlanRequest.self, request, context)
        context.audit.note(function: "发布计划", detail: body.name)
        let plan = try await plans.create(try body.draft(withJobs: false), by: try access.identity(context).user)
        return try JSONResponse.make(["id": plan.id])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let body = try await ZadigInput.body(ReleasePlanRequest.self, request, context)
        context.audit.note(function: "发布计划", detail: id)
        try await plans.update(id, try body.draft(withJobs: true), by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func logs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        return try JSONResponse.make(ReleasePlanLogsResponse(planID: id, try await plans.logs(id, user: try access.identity(context).user)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        context.audit.note(function: "发布计划", detail: id)
        try await plans.delete(id, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func changeStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let status = try ZadigInput.path(context, "status")
        context.audit.note(function: "发布计划", detail: "\(id) \(status)")
        try await plans.changeStatus(id, to: status, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let body = try await ZadigInput.body(ApproveReleasePlanRequest.self, request, context)
        context.audit.note(function: "发布计划", detail: "\(id) \(body.approve ? "approve" : "reject")")
        try await plans.approve(id, approve: body.approve, comment: body.comment ?? "", by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func execute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let body = try await ZadigInput.body(ExecuteReleaseJobRequest.self, request, context)
        context.audit.note(function: "发布计划", detail: "\(id) \(body.name ?? body.id)")
        try await plans.execute(id, jobID: body.id, type: body.type, remark: body.spec?.remark ?? "", by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func skip(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let body = try await ZadigInput.body(ExecuteReleaseJobRequest.self, request, context)
        context.audit.note(function: "发布计划", detail: "\(id) skip \(body.name ?? body.id)")
        try await plans.skip(id, jobID: body.id, type: body.type, remark: body.spec?.remark ?? "", by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let body = try await ZadigInput.body(ExecuteReleaseJobRequest.self, request, context)
        context.audit.note(function: "发布计划", detail: "\(id) retry \(body.name ?? body.id)")
        try await plans.retry(id, jobID: body.id, type: body.type, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }
}
