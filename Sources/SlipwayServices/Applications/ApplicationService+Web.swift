import Foundation
import SlipwayCore
import SlipwayStore

/// An application with the project its workflow belongs to (the depot's, or the shared
/// project of external repositories).
package struct ApplicationListing: Sendable, Equatable {
    package var app: ServerlessApplication
    package var projectKey: String
}

/// One task of an application, as its list shows it: the dispatch that started it and the
/// task's list columns (never its run state).
package struct ApplicationTaskRow: Sendable, Equatable {
    package var dispatch: ServerlessDispatch?
    package var summary: TaskSummary
}

/// One step of an application task, as the pipeline executor reported it.
package struct ApplicationStep: Sendable, Equatable {
    package var id: String
    package var name: String
    package var status: String
    package var errorMessage: String
}

/// One application task in full: its dispatch, its task, and its steps (errors masked).
package struct ApplicationTaskDetail: Sendable {
    package var dispatch: ServerlessDispatch
    package var task: WorkflowTask
    package var steps: [ApplicationStep]
    /// The task's error, else its job's, masked.
    package var error: String
}

/// What the web pages read of applications: the same owner-or-administrator rule as
/// `GET /api/flow/application/*`.
extension ApplicationService {
    /// Application `id` of project `projectKey`, when `user` may see it; `notFound` otherwise
    /// (under another project's path too).
    package func listing(_ id: String, project projectKey: String, user: User) async throws -> ApplicationListing {
        let app = try await owned(id, by: user)
        guard let workflow = try await store.workflows.get(key: app.workflowKey), workflow.projectKey == projectKey else {
            throw SlipwayError.notFound("application \(id) not found")
        }
        return ApplicationListing(app: app, projectKey: projectKey)
    }

    /// A page of the application's tasks, newest first, from the task list columns and each
    /// task's dispatch.
    package func tasks(of app: ServerlessApplication, page: Int, pageSize: Int) async throws -> Page<ApplicationTaskRow> {
        let summaries = try await store.tasks.summaries(workflowKey: app.workflowKey, page: page, pageSize: pageSize)
        var rows: [ApplicationTaskRow] = []
        for summary in summaries.items {
            let dispatch = try await store.serverlessApps.dispatch(appID: app.id, taskNumber: summary.taskID)
            rows.append(ApplicationTaskRow(dispatch: dispatch, summary: summary))
        }
        return Page(items: rows, total: summaries.total)
    }

    /// Task `number` of an application `user` may see, with its steps.
    package func taskDetail(_ app: ServerlessApplication, number: Int, user: User) async throws -> ApplicationTaskDetail {
        let (_, dispatch) = try await task(ApplicationRunner.taskID(appID: app.id, taskNumber: number), user)
        guard let task = try await store.tasks.get(workflowKey: app.workflowKey, taskID: number) else {
            throw SlipwayError.notFound("task \(app.id)-\(number) not found")
        }
        let masker = SecretMasker(task.secrets)
        let job = task.stages.first?.jobs.first
        let reported = job?.outputs[ServerlessPipelinePlan.stepsOutput].flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        let steps = (reported ?? .array([])).array.map { step in
            ApplicationStep(
                id: step["id"].string ?? "", name: step["name"].string ?? "", status: step["status"].string ?? "",
                errorMessage: masker.mask(step["errorMessage"].string ?? ""))
        }
        let error = task.error.isEmpty ? (job?.error ?? "") : task.error
        return ApplicationTaskDetail(dispatch: dispatch, task: task, steps: steps, error: masker.mask(error))
    }
}
