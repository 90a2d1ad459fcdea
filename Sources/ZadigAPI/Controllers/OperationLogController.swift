import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Zadig §15: the operation log and the environment operation log.
struct OperationLogController {
    let store: Store
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("system/operation", use: list)
        group.get("system/operation/env", use: listForEnvironment)
    }

    /// Every recorded call, filtered by `searchType` (system administrators only). By project or
    /// by status alone the page is one index range and `total` exact (a counter); a substring
    /// filter (user, function) or two filters together count at most
    /// `OperationLogRepository.substringCap` matches (`OperationLogRepository.list(_:cap:)`).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try access.requireAdmin(context)
        let searchType = try ZadigInput.requiredQuery(request, "searchType")
        guard ["all", "project", "user", "function", "status"].contains(searchType) else {
            throw ZadigError.badRequest("searchType must be one of all, project, user, function, status")
        }
        var query = try pagedQuery(request)
        let use = { (filter: String) in searchType == "all" || searchType == filter }
        if use("project") { query.projectKey = ZadigInput.query(request, "projectKey") }
        if use("user") { query.username = ZadigInput.query(request, "username") }
        if use("function") { query.function = ZadigInput.query(request, "function") }
        if use("status") { query.status = try ZadigInput.intQuery(request, "status") }
        return try JSONResponse.make(OperationLogListResponse(try await store.operationLogs.list(query)))
    }

    /// Calls that acted on one environment of a project: an exact match of the environment among
    /// an entry's targets, paged as one index range with an exact `total` when no other filter
    /// applies; a user, function, status or detail filter is checked along that range and counts
    /// up to the cap, as above.
    @Sendable func listForEnvironment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let env = try ZadigInput.requiredQuery(request, "envName")
        let searchType = try ZadigInput.requiredQuery(request, "searchType")
        guard ["all", "user", "function", "status", "detail"].contains(searchType) else {
            throw ZadigError.badRequest("searchType must be one of all, user, function, status, detail")
        }
        try await access.require(.action("get_environment"), project: project, context: context)
        var query = try pagedQuery(request)
        query.projectKey = project
        query.scene = "environment"
        query.target = env
        let use = { (filter: String) in searchType == "all" || searchType == filter }
        if use("user") { query.username = ZadigInput.query(request, "username") }
        if use("function") { query.function = ZadigInput.query(request, "function") }
        if use("status") { query.status = try ZadigInput.intQuery(request, "status") }
        if use("detail") { query.detail = ZadigInput.query(request, "detail") }
        return try JSONResponse.make(OperationLogListResponse(try await store.operationLogs.list(query)))
    }

    private func pagedQuery(_ request: Request) throws -> OperationLogQuery {
        OperationLogQuery(
            page: try ZadigInput.pageQuery(request, "page", default: nil, max: Int(Int32.max)),
            perPage: try ZadigInput.pageQuery(request, "perPage", default: nil))
    }
}
