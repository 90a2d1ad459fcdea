import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §6: tests (`/openapi/quality/testing`). A test is a script with repositories and
/// parameters that leaves JUnit reports in `test_result_path`; a run is a task of the test's own
/// workflow `zadig-testing-<name>`, and its detail carries the report. Slipway extensions: the
/// test definition routes other than the detail, and the flaky-test lists.
struct TestingController {
    let services: ServiceContext
    let access: AccessControl
    var quality: QualityService { QualityService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("quality/testing/task", use: run)
        group.get("quality/testing/:testName/task/:taskID", use: task)
        group.post("quality/testing", use: create)
        group.get("quality/testing", use: list)
        group.get("quality/testing/:testName", use: detail)
        group.put("quality/testing/:testName", use: update)
        group.delete("quality/testing/:testName", use: delete)
        group.get("quality/testing/:testName/flaky", use: flakyOfTest)
        group.get("quality/flaky", use: flakyOfProject)
    }

    /// `POST /openapi/quality/testing/task` `{project_key, test_name, repo_info?, inputs?}` → `{task_id}`.
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(JSONValue.self, request, context)
        let (project, name, repos, inputs) = try QualityRequests.reading(body) { (b) throws(JobPlanError) in
            (
                try b["project_key"].string(), try b["test_name"].string(), try QualityRequests.repoOverrides(b["repo_info"]),
                try b["inputs"].items().map(\.value)
            )
        }
        context.audit.note(function: "测试", projectKey: project, detail: name)
        guard !project.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        guard !name.isEmpty else { throw ZadigError.badRequest("test_name is required") }
        let task = try await quality.runTest(name, project: project, repos: repos, inputs: inputs, by: try access.identity(context).user)
        return try JSONResponse.make(JSONValue.object(["task_id": .number(Double(task.taskID))]))
    }

    /// `GET /openapi/quality/testing/:testName/task/:taskID?projectKey=`: the run and its report.
    @Sendable func task(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "testName")
        guard let id = Int(try ZadigInput.path(context, "taskID")) else { throw ZadigError.badRequest("taskID must be an integer") }
        let project = ZadigInput.query(request, "projectKey")
        let found = try await quality.testTask(name, taskID: id, project: project, user: try access.identity(context).user)
        return try JSONResponse.make(QualityDTOs.testTask(found.task, testName: name, cases: found.cases))
    }

    /// `POST /openapi/quality/testing` (Slipway): `{name, project_key, desc, test_type, repo_info,
    /// script, parameters, test_result_path}`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let test = try QualityRequests.test(try await ZadigInput.body(JSONValue.self, request, context))
        context.audit.note(function: "测试", projectKey: test.projectKey, detail: test.name)
        guard !test.projectKey.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        try await quality.createTest(test, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `GET /openapi/quality/testing?projectKey=&pageNum=&pageSize=` (Slipway) → `{total, tests}`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let page = try ZadigInput.pageQuery(request, "pageNum", default: 1, max: Int(Int32.max))
        let size = try ZadigInput.pageQuery(request, "pageSize", default: 20)
        let found = try await quality.tests(project: project, page: page, pageSize: size, user: try access.identity(context).user)
        return try JSONResponse.make(
            JSONValue.object(["total": .number(Double(found.total)), "tests": .array(found.items.map(QualityDTOs.testListItem))]))
    }

    /// `GET /openapi/quality/testing/:testName?projectKey=`.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "testName")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let test = try await quality.test(name, project: project, user: try access.identity(context).user)
        return try JSONResponse.make(QualityDTOs.testDetail(test))
    }

    /// `PUT /openapi/quality/testing/:testName` (Slipway): the create body replaces the test.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "testName")
        var test = try QualityRequests.test(try await ZadigInput.body(JSONValue.self, request, context))
        context.audit.note(function: "测试", projectKey: test.projectKey, detail: name)
        guard test.name.isEmpty || test.name == name else { throw ZadigError.badRequest("name \(test.name) does not match the path (\(name))") }
        guard !test.projectKey.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        test.name = name
        try await quality.updateTest(test, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `DELETE /openapi/quality/testing/:testName?projectKey=` (Slipway): the test with its runs.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "testName")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        context.audit.note(function: "测试", projectKey: project, detail: name)
        try await quality.deleteTest(name, project: project, user: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `GET /openapi/quality/testing/:testName/flaky?projectKey=` (Slipway) → `{flaky_tests}`.
    @Sendable func flakyOfTest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "testName")
        return try await flaky(request, context: context, test: name)
    }

    /// `GET /openapi/quality/flaky?projectKey=` (Slipway) → `{flaky_tests}` over every test of the project.
    @Sendable func flakyOfProject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await flaky(request, context: context, test: nil)
    }

    func flaky(_ request: Request, context: AppRequestContext, test: String?) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let found = try await quality.flakyTests(project: project, testName: test, user: try access.identity(context).user)
        return try JSONResponse.make(JSONValue.object(["flaky_tests": .array(found.map(QualityDTOs.flaky))]))
    }
}
