import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §7: code scans (`/openapi/quality/codescan`) with a script-defined scanner
/// (`scanner_type: other`); SonarQube scanners are refused, since SonarQube cannot run here.
struct CodeScanController {
    let services: ServiceContext
    let access: AccessControl
    var quality: QualityService { QualityService(services) }

    func addRoutes(openapi group: RouterGroup<AppRequestContext>, aslan: RouterGroup<AppRequestContext>) {
        group.post("quality/codescan", use: create)
        group.post("quality/codescan/:scanName/task", use: run)
        group.get("quality/codescan/:scanName/task/:taskID", use: task)
        // Zadig's scan update and delete: `PUT /api/aslan/testing/scanning/:id` (body with
        // `project_name`) and `DELETE /api/aslan/testing/scanning/:id?projectName=`. A Slipway scan
        // is named in its project: `:id` is its name. The OpenAPI twins are Slipway's, as for tests.
        aslan.put("testing/scanning/:id") { try await update($0, $1, name: try ZadigInput.path($1, "id")) }
        aslan.delete("testing/scanning/:id") { request, context in
            try await delete(context, name: try ZadigInput.path(context, "id"), project: try ZadigInput.requiredQuery(request, "projectName"))
        }
        group.put("quality/codescan/:scanName") { try await update($0, $1, name: try ZadigInput.path($1, "scanName")) }
        group.delete("quality/codescan/:scanName") { request, context in
            try await delete(context, name: try ZadigInput.path(context, "scanName"), project: try ZadigInput.requiredQuery(request, "projectKey"))
        }
    }

    /// `POST /openapi/quality/codescan`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let scan = try ScanDTOs.scan(try await ZadigInput.body(JSONValue.self, request, context))
        context.audit.note(function: "代码扫描", projectKey: scan.projectKey, detail: scan.name)
        guard !scan.projectKey.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        guard !scan.scannerType.isEmpty else { throw ZadigError.badRequest("scanner_type is required") }
        try await quality.createScan(scan, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Replace scan `name` with the body (the create body; `project_name` stands for `project_key`).
    @Sendable func update(_ request: Request, _ context: AppRequestContext, name: String) async throws -> Response {
        var body = try await ZadigInput.body(JSONValue.self, request, context)
        if case .object(var fields) = body, fields["project_key"] == nil, let project = fields["project_name"] {
            fields["project_key"] = project
            body = .object(fields)
        }
        var scan = try ScanDTOs.scan(body)
        context.audit.note(function: "代码扫描", projectKey: scan.projectKey, detail: name)
        guard scan.name.isEmpty || scan.name == name else { throw ZadigError.badRequest("name \(scan.name) does not match the path (\(name))") }
        guard !scan.projectKey.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        guard !scan.scannerType.isEmpty else { throw ZadigError.badRequest("scanner_type is required") }
        scan.name = name
        try await quality.updateScan(scan, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Delete scan `name` of `project` with its runs.
    @Sendable func delete(_ context: AppRequestContext, name: String, project: String) async throws -> Response {
        context.audit.note(function: "代码扫描", projectKey: project, detail: name)
        try await quality.deleteScan(name, project: project, user: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `POST /openapi/quality/codescan/:scanName/task?projectKey=` `{scan_repos}` → `{task_id}`.
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "scanName")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        context.audit.note(function: "代码扫描", projectKey: project, detail: name)
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        var repos: [JSONValue] = []
        if buffer.readableBytes > 0 {
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
            try ZadigInput.refuseNUL(body)
            repos = try QualityRequests.reading(body) { (b) throws(JobPlanError) in try QualityRequests.repoOverrides(b["scan_repos"]) }
        }
        let task = try await quality.runScan(name, project: project, repos: repos, by: try access.identity(context).user)
        return try JSONResponse.make(JSONValue.object(["task_id": .number(Double(task.taskID))]))
    }

    /// `GET /openapi/quality/codescan/:scanName/task/:taskID?projectKey=`.
    @Sendable func task(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "scanName")
        guard let id = Int(try ZadigInput.path(context, "taskID")) else { throw ZadigError.badRequest("taskID must be an integer") }
        let found = try await quality.scanTask(
            name, taskID: id, project: ZadigInput.query(request, "projectKey"), user: try access.identity(context).user)
        return try JSONResponse.make(ScanDTOs.task(found.task, name: name, scan: found.scan, result: found.result))
    }
}
