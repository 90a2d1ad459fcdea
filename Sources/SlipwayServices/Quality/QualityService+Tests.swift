import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Tests: definitions, runs (tasks of the test's own workflow `zadig-testing-<name>`, one
/// `zadig-test` job), their reports and the flaky-test list.
extension QualityService {
    /// The job of a test's own workflow.
    static let testJobName = "test"

    package func createTest(_ test: TestDefinition, by user: User) async throws {
        try await create(test, by: user, validate: Self.validate)
    }

    /// Replace a test; a credential parameter sent empty keeps its stored value.
    package func updateTest(_ test: TestDefinition, by user: User) async throws {
        try await update(test, by: user, validate: Self.validate)
    }

    package func test(_ name: String, project: String, user: User) async throws -> TestDefinition {
        try await definition(TestDefinition.self, name, project: project, user: user)
    }

    package func tests(project: String, page: Int, pageSize: Int, user: User) async throws -> Page<TestDefinition> {
        try await definitions(TestDefinition.self, project: project, page: page, pageSize: pageSize, user: user)
    }

    /// Remove a test and its own workflow with its runs (refused while one runs).
    package func deleteTest(_ name: String, project: String, user: User) async throws {
        try await require("delete_test", project: project, user: user)
        let key = TestDefinition.workflowKey(for: name)
        if let workflow = try await store.workflows.get(key: key), workflow.projectKey == project {
            try await store.workflows.delete(key: key, projectKey: project)
        }
        try await store.quality.delete(TestDefinition.self, project: project, name: name)
    }

    static func validate(_ test: TestDefinition) throws {
        try TestDefinition.validateName(test.name)
        try TestDefinition.validateParameters(test.parameters)
        try TestDefinition.validateReportDirectory(test.reportDirectory)
        try checkRepos(test.repos)
    }

    /// Run a test as `user`: a task of the test's own workflow. `repos` (Zadig's `repo_info`)
    /// picks branches or pull requests by repository name; `inputs` (`[{key, value}]`) set
    /// parameters.
    package func runTest(_ name: String, project: String, repos: [JSONValue], inputs: [JSONValue], by user: User) async throws -> WorkflowTask {
        try await require("run_test", project: project, user: user)
        guard let test = try await store.quality.get(TestDefinition.self, project: project, name: name) else {
            throw SlipwayError.notFound("test \(name) not found in project \(project)")
        }
        let workflow = try await testWorkflow(test, creator: user.account)
        var entry: [String: JSONValue] = ["testing_name": .string(name)]
        if !repos.isEmpty { entry["repo_info"] = .array(repos) }
        if !inputs.isEmpty { entry["inputs"] = .array(inputs) }
        let request = RunRequest(
            jobInputs: [Self.testJobName: .object(["testing_list": .array([.object(entry)])])], creator: user.account)
        return try await context.engine.submit(workflow, request)
    }

    /// The workflow a test's runs are tasks of, stored (created on the first run). Its key is
    /// `zadig-testing-<name>`, so a test name may be run in one project only.
    func testWorkflow(_ test: TestDefinition, creator: String) async throws -> Workflow {
        let spec: JSONValue = .object([
            "test_type": .string(""),
            "test_modules": .array([.object(["name": .string(test.name), "project_name": .string(test.projectKey)])]),
        ])
        return try await ownWorkflow(
            key: TestDefinition.workflowKey(for: test.name), kind: "test", name: test.name, project: test.projectKey,
            job: JobDefinition(name: Self.testJobName, type: .zadigTest, spec: spec), creator: creator)
    }

    /// A test's or scan's own workflow (one stage, one job), stored: created on the first run,
    /// refreshed when its job changed. Refused when another project's definition holds the key.
    func ownWorkflow(key: String, kind: String, name: String, project: String, job: JobDefinition, creator: String) async throws -> Workflow {
        let workflow = Workflow(
            key: key, displayName: name, projectKey: project, description: "runs of \(kind) \(name)",
            stages: [StageDefinition(name: kind, parallel: false, jobs: [job])], createdBy: creator)
        for _ in 0..<2 {
            if let existing = try await store.workflows.get(key: key) {
                guard existing.projectKey == project else {
                    throw SlipwayError.conflict("\(kind) name \(name) is already run by project \(existing.projectKey): rename the \(kind)")
                }
                if existing.stages != workflow.stages { try await store.workflows.update(workflow) }
                return workflow
            }
            do {
                try await store.workflows.create(workflow, by: creator)
                return workflow
            } catch SlipwayError.conflict {
                continue  // created meanwhile by another first run
            }
        }
        throw SlipwayError.conflict("the workflow of \(kind) \(name) could not be stored")
    }

    /// A run of a test, with the cases it recorded.
    package func testTask(_ name: String, taskID: Int, project: String?, user: User) async throws -> (task: WorkflowTask, cases: [TestCaseResult]) {
        let key = TestDefinition.workflowKey(for: name)
        guard let task = try await store.tasks.get(workflowKey: key, taskID: taskID), project == nil || task.projectKey == project else {
            throw SlipwayError.notFound("task \(taskID) of test \(name) not found")
        }
        try await require("get_test", project: task.projectKey, user: user)
        return (task, try await store.quality.results(workflowKey: key, taskID: taskID))
    }

    /// The cases recorded by a task of any workflow (its `zadig-test` jobs), for its detail.
    package func testResults(workflowKey: String, taskID: Int) async throws -> [TestCaseResult] {
        try await store.quality.results(workflowKey: workflowKey, taskID: taskID)
    }

    /// Cases of the project's tests (of one test, when named) that passed and failed on one commit.
    package func flakyTests(project: String, testName: String?, user: User) async throws -> [FlakyTestCase] {
        try await require("get_test", project: project, user: user)
        if let testName, try await store.quality.get(TestDefinition.self, project: project, name: testName) == nil {
            throw SlipwayError.notFound("test \(testName) not found in project \(project)")
        }
        return try await store.quality.flaky(project: project, testName: testName)
    }
}
