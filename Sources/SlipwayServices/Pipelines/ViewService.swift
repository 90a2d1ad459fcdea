import SlipwayCore
import SlipwayStore

/// Workflow views of a project: named lists of its workflows (project admins change them).
package struct ViewService: Sendable {
    let context: ServiceContext
    var store: Store { context.store }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// Create a view; every listed workflow must exist in the project.
    package func create(_ view: WorkflowView, by user: User) async throws {
        try await store.access.require(.administer, project: view.projectKey, user: user)
        var view = view
        view.updatedBy = user.account
        try await PipelineError.mapping({ .viewRefused(.create, $0) }) { [view] in try await store.views.create(view) }
    }

    /// Enable (add) or disable (remove) the listed workflows of a view; the others stay as they are.
    package func setEnabled(_ changes: [WorkflowView.Entry], inView name: String, project projectKey: String, by user: User) async throws {
        try await store.access.require(.administer, project: projectKey, user: user)
        try await PipelineError.mapping({ .viewRefused(.update, $0) }) {
            try await store.views.setEnabled(projectKey: projectKey, name: name, changes: changes, by: user.account)
        }
    }

    /// Delete a view; its workflows stay.
    package func delete(_ name: String, project projectKey: String, by user: User) async throws {
        try await store.access.require(.administer, project: projectKey, user: user)
        try await PipelineError.mapping({ .viewRefused(.delete, $0) }) { try await store.views.delete(projectKey: projectKey, name: name) }
    }
}
