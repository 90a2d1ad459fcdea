import SQLKit

/// Rows that belong to a depot through its id rather than its project key: merge requests
/// (with reviewers, notes and their activity log), protection rules (with members), commit
/// statuses, deploy keys and releases. Deleting a depot, or the project holding it, removes them
/// in the same transaction, so no orphan survives a depot whose id will never come back.
enum DepotScopedRows {
    static let byDepot = [
        "merge_requests", "branch_protections", "commit_statuses", "public_keys", "git_releases",
        "git_commit_comments", "git_protected_tag_rules", "git_read_only_branches",
    ]
    static let byMergeRequest = ["merge_request_reviewers", "merge_request_notes", "merge_request_events"]

    static func delete(depotIDs: [Int64], _ db: any SQLDatabase) async throws {
        guard !depotIDs.isEmpty else { return }
        let requests = try await db.select().column("id").from("merge_requests").where("depot_id", .in, depotIDs)
            .all(decodingColumn: "id", as: Int64.self)
        if !requests.isEmpty {
            for table in byMergeRequest {
                try await db.delete(from: table).where("merge_request_id", .in, requests).run()
            }
        }
        let rules = try await db.select().column("id").from("branch_protections").where("depot_id", .in, depotIDs)
            .all(decodingColumn: "id", as: Int64.self)
        if !rules.isEmpty {
            try await db.delete(from: "branch_protection_members").where("protection_id", .in, rules).run()
        }
        for table in byDepot {
            try await db.delete(from: table).where("depot_id", .in, depotIDs).run()
        }
    }
}
