import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Workflow definitions: finding one the caller may act on, saving and deleting.
///
/// Permission checks happen here, so every front (Zadig, CODING CI, Serverless Devs, a web UI)
/// applies the same rules.
package struct WorkflowService: Sendable {
    let context: ServiceContext
    var store: Store { context.store }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// Check that workflow `key` exists (in `projectKey`, when given) and `user` may do `action` on
    /// it, without reading its definition. With `page`, that page of its tasks is read with the
    /// check when it can be (`WorkflowAccess.page`).
    @discardableResult
    package func requireAccess(
        to key: String, project projectKey: String?, user: User, action: String, page: (pageNum: Int, pageSize: Int)? = nil
    ) async throws -> WorkflowAccess {
        try await store.access.require(.action(action), workflow: key, project: projectKey, user: user, page: page)
    }

    package func workflow(_ key: String, project projectKey: String?, user: User, action: String) async throws -> Workflow {
        guard let workflow = try await store.workflows.get(key: key), projectKey == nil || workflow.projectKey == projectKey else {
            throw SlipwayError.notFound("workflow \(key) not found")
        }
        try await store.access.require(.action(action), project: workflow.projectKey, user: user)
        return workflow
    }

    /// Store a new workflow and, with `viewName`, list it in that view (created when missing).
    package func create(_ workflow: Workflow, inView viewName: String? = nil, by user: User) async throws {
        try await store.access.require(.action("create_workflow"), project: workflow.projectKey, user: user)
        _ = try workflow.compiledPlans()
        try await checkApprovers(workflow)
        do {
            try await store.workflows.create(workflow, inView: viewName, by: user.account)
        } catch SlipwayError.conflict(let message) {
            throw PipelineError.workflowExists(message)
        }
    }

    /// Replace a workflow's definition; `user` becomes its last editor.
    package func update(_ workflow: Workflow, by user: User) async throws {
        try await store.access.require(.action("edit_workflow"), project: workflow.projectKey, user: user)
        _ = try workflow.compiledPlans()
        try await checkApprovers(workflow)
        var workflow = workflow
        workflow.updatedBy = user.account
        workflow.updatedAt = .now()
        try await PipelineError.mapping(PipelineError.saveRefused) { [workflow] in try await store.workflows.update(workflow) }
    }

    /// Delete a workflow with its task history and its entries in the project's views, in one
    /// transaction. Refused while one of its tasks is unfinished.
    @discardableResult
    package func delete(_ key: String, project projectKey: String, by user: User) async throws -> Workflow {
        let workflow = try await self.workflow(key, project: projectKey, user: user, action: "delete_workflow")
        try await PipelineError.mapping(PipelineError.deleteRefused) {
            try await store.workflows.delete(key: key, projectKey: projectKey)
        }
        return workflow
    }

    /// Approvers must be real accounts, or the approval could never pass.
    func checkApprovers(_ workflow: Workflow) async throws {
        var names = Set<String>()
        for stage in workflow.stages {
            names.formUnion(stage.approval?.approveUsers.map(\.userName) ?? [])
            for job in stage.jobs where job.type == .approval {
                names.formUnion(ApprovalParsing.spec(fromJob: job.spec)?.approveUsers.map(\.userName) ?? [])
            }
        }
        for name in names.sorted() where try await store.users.find(account: name) == nil {
            throw SlipwayError.invalidInput("approver \(name) is not a user")
        }
    }
}
