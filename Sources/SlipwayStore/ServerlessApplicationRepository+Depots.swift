import SQLKit

extension ServerlessApplicationRepository {
    /// Inside a depot or project delete: remove the workflows that applications bound to
    /// `depotIDs` run as (with their tasks and their entries in views), wherever those workflows
    /// live. The application rows and their dispatches then go with the depot rows, by cascade.
    static func deleteWorkflows(boundTo depotIDs: [Int64], _ db: any SQLDatabase) async throws {
        guard !depotIDs.isEmpty else { return }
        let keys = try await db.select().column("workflow_key").from("sdevs_applications").where("depot_id", .in, depotIDs)
            .all(decodingColumn: "workflow_key", as: String.self)
        for key in keys {
            guard let workflow = try await WorkflowRepository.row(key: key, db) else { continue }
            try await ViewRepository.removeEverywhere(projectKey: workflow.projectKey, workflowKey: key, db)
            try await WorkflowRepository.deleteRows(key: key, db)
        }
    }
}
