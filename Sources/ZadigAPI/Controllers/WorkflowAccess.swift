import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Finding a workflow and checking the caller's permission on its project.
struct WorkflowAccess {
    let store: Store
    let access: AccessControl

    /// The workflow, when it exists (in `projectKey`, if given) and the caller may `action` there.
    func workflow(_ key: String, project projectKey: String?, action: String, context: AppRequestContext) async throws -> Workflow {
        guard let workflow = try await store.workflows.get(key: key), projectKey == nil || workflow.projectKey == projectKey else {
            throw SlipwayError.notFound("workflow \(key) not found")
        }
        try await access.require(.action(action), project: workflow.projectKey, context: context)
        return workflow
    }
}
