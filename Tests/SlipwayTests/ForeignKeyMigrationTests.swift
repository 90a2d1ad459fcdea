import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 11 point 2: migration 14 adds the cascading foreign keys to a database that already
/// holds rows. Every row whose owner exists is kept; rows an older delete path left behind
/// (owner gone) are removed; "no depot" (0) becomes NULL and still reads as 0.
@Suite struct ForeignKeyMigrationTests {
    @Test(arguments: StoreKind.enabled)
    func existingRowsSurviveAndOrphansGo(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "migration-14")
            let sql = try await database.openSQL(logger: logger)
            let box = try SecretBox(base64: SecretBox.generateKey())
            do {
                try await Migrator.migrate(sql, logger: logger, secrets: box, upTo: 13)
                try await sql.write { db in
                    for statement in Self.legacyRows { try await db.raw(SQLQueryString(statement)).run() }
                    // Rows written with explicit ids: move PostgreSQL's counter on as the server's own inserts would have.
                    if db.dialect.name == "postgresql" {
                        try await db.raw("SELECT setval(pg_get_serial_sequence('depots', 'id'), 3)").run()
                    }
                }
                try await Migrator.migrate(sql, logger: logger, secrets: box)
                for (table, expected) in Self.keptCounts {
                    #expect(try await Self.count(table, sql) == expected, "\(table)")
                }
                let store = Store(sql: sql, secrets: box)
                #expect(try await store.publicKeys.userKeys(ownerUID: "u1").map(\.title) == ["mine"])
                #expect(try await store.publicKeys.deployKeys(depotIDs: [1]).map(\.title) == ["deploy"])
                #expect(try await store.serverlessApps.get(id: 1)?.depotID == 0, "an external application reads as depot 0")
                #expect(try await store.serverlessApps.list(depotID: 1).map(\.id) == [2])
                #expect(try await store.tasks.get(workflowKey: "wf-keep", taskID: 1)?.status == .passed)
                let depot = try await store.depots.create(Depot(projectKey: "keep", name: "fresh", createdBy: "admin"))
                #expect(depot.id > 1, "the rebuilt table keeps numbering after the rows it kept")

                // The cascades hold: deleting the project leaves only what is not its own.
                try await store.projects.delete(key: "keep")
                for (table, expected) in Self.afterProjectDelete {
                    #expect(try await Self.count(table, sql) == expected, "\(table) after the project delete")
                }
            } catch {
                await sql.close()
                throw error
            }
            await sql.close()
        }
    }

    static func count(_ table: String, _ sql: any SQLStore) async throws -> Int {
        try await sql.read { db in
            try await db.raw("SELECT count(*) AS n FROM \(ident: table)").first(decodingColumn: "n", as: Int.self) ?? -1
        }
    }

    /// Rows as the code before migration 14 could leave them: project `keep` with its rows, and
    /// rows of project `gone`, depot 2 (of `gone`), depot 99, merge request 42… whose owners were deleted.
    static let legacyRows: [String] = [
        """
        INSERT INTO projects (project_key, name, description, is_public, project_type, created_by, created_at, updated_by, updated_at)
        VALUES ('keep', 'Keep', '', 0, 'yaml', 'admin', 1, 'admin', 1)
        """,
        "INSERT INTO roles (namespace, name, description, type, actions, created_at) VALUES ('keep', 'admin', '', 'custom', '[]', 1)",
        "INSERT INTO roles (namespace, name, description, type, actions, created_at) VALUES ('gone', 'admin', '', 'custom', '[]', 1)",
        "INSERT INTO role_bindings (namespace, subject_type, subject_id, role_name, created_at) VALUES ('keep', 'user', 'u1', 'admin', 1)",
        "INSERT INTO role_bindings (namespace, subject_type, subject_id, role_name, created_at) VALUES ('gone', 'user', 'u1', 'admin', 1)",
        workflow("wf-keep", "keep"), workflow("wf-gone", "gone"),
        "INSERT INTO workflow_counters (workflow_key, project_key, last_task_id) VALUES ('wf-keep', 'keep', 1), ('wf-gone', 'gone', 1)",
        task("wf-keep", "keep"), task("wf-gone", "gone"),
        "INSERT INTO workflow_views (project_key, name, workflows, updated_by, updated_at) VALUES ('keep', 'v', '[]', 'admin', 1), ('gone', 'v', '[]', 'admin', 1)",
        "INSERT INTO approval_tickets (project_key, approval_id, ticket, created_at) VALUES ('keep', 'a1', '{}', 1), ('gone', 'a1', '{}', 1)",
        "INSERT INTO depots (id, project_key, name, description, created_by, created_at, last_push_at) VALUES (1, 'keep', 'app', '', 'admin', 1, 0)",
        "INSERT INTO depots (id, project_key, name, description, created_by, created_at, last_push_at) VALUES (2, 'gone', 'app', '', 'admin', 1, 0)",
        "INSERT INTO depots (id, project_key, name, description, created_by, created_at, last_push_at) VALUES (3, 'keep', 'tmp', '', 'admin', 1, 0)",
        "DELETE FROM depots WHERE id = 3",
        mergeRequest(1, depot: 1), mergeRequest(2, depot: 2), mergeRequest(3, depot: 99),
        """
        INSERT INTO merge_request_reviewers (merge_request_id, user_uid, approved, created_at)
        VALUES (1, 'u1', 0, 1), (2, 'u1', 0, 1), (3, 'u1', 0, 1)
        """,
        """
        INSERT INTO merge_request_notes (merge_request_id, parent_id, author_uid, content, commit_sha, path, line_index, created_at, updated_at)
        VALUES (1, 0, 'u1', 'n', '', '', 0, 1, 1), (42, 0, 'u1', 'n', '', '', 0, 1, 1)
        """,
        "INSERT INTO merge_request_events (merge_request_id, action, actor_uid, detail, created_at) VALUES (1, 'create', 'u1', '', 1), (2, 'create', 'u1', '', 1)",
        """
        INSERT INTO branch_protections (id, depot_id, rule, deny_force_push, force_squash, required_grant_count, required_status_check, created_at)
        VALUES (1, 1, 'main', 0, 0, 0, 0, 1), (2, 2, 'main', 0, 0, 0, 0, 1)
        """,
        "INSERT INTO branch_protection_members (protection_id, user_uid, allow_push) VALUES (1, 'u1', 1), (2, 'u1', 1), (9, 'u1', 1)",
        """
        INSERT INTO commit_statuses (depot_id, sha, context, state, target_url, description, creator_uid, updated_at)
        VALUES (1, 'abc', 'ci', 'success', '', '', 'u1', 1), (2, 'abc', 'ci', 'success', '', '', 'u1', 1)
        """,
        publicKey("mine", depot: 0), publicKey("deploy", depot: 1), publicKey("orphan", depot: 2),
        """
        INSERT INTO git_releases (depot_id, iid, tag_name, commit_sha, target_commitish, title, body, is_prerelease, creator_uid, created_at, updated_at)
        VALUES (1, 1, 'v1', 'abc', 'main', 'r', '', 0, 'u1', 1, 1), (2, 1, 'v1', 'abc', 'main', 'r', '', 0, 'u1', 1, 1)
        """,
        """
        INSERT INTO git_commit_comments (depot_id, commit_sha, path, line_index, content, author_uid, created_at)
        VALUES (1, 'abc', '', 0, 'c', 'u1', 1), (99, 'abc', '', 0, 'c', 'u1', 1)
        """,
        "INSERT INTO git_protected_tag_rules (depot_id, rule, creator_uid, created_at) VALUES (1, 'v*', 'u1', 1), (2, 'v*', 'u1', 1)",
        "INSERT INTO git_read_only_branches (depot_id, branch, creator_uid, created_at) VALUES (1, 'frozen', 'u1', 1), (2, 'frozen', 'u1', 1)",
        application(1, depot: 0), application(2, depot: 1), application(3, depot: 2),
        dispatch(app: 1), dispatch(app: 2), dispatch(app: 3), dispatch(app: 50),
        """
        INSERT INTO operation_logs (username, project_key, method, function, scene, targets, detail, request_body, body_type, status, created_at)
        VALUES ('admin', 'gone', 'OpenAPI删除', '项目', '', '[]', 'gone', '', '', 200, 1)
        """,
    ]

    /// Rows left after migration 14: what belongs to `keep`, to depot 1, and what belongs to nothing on purpose.
    static let keptCounts: [(String, Int)] = [
        ("projects", 1), ("roles", 1), ("role_bindings", 1), ("workflows", 1), ("workflow_counters", 1), ("tasks", 1),
        ("workflow_views", 1), ("approval_tickets", 1), ("depots", 1), ("merge_requests", 1),
        ("merge_request_reviewers", 1), ("merge_request_notes", 1), ("merge_request_events", 1),
        ("branch_protections", 1), ("branch_protection_members", 1), ("commit_statuses", 1),
        ("public_keys", 2), ("git_releases", 1), ("git_commit_comments", 1), ("git_protected_tag_rules", 1),
        ("git_read_only_branches", 1),
        ("sdevs_applications", 2), ("sdevs_dispatches", 2),
        ("operation_logs", 1),
    ]

    /// After deleting `keep`: the user's own key, the external application with its dispatch and the audit log stay.
    static let afterProjectDelete: [(String, Int)] = keptCounts.map { table, _ in
        switch table {
        case "public_keys", "sdevs_applications", "sdevs_dispatches", "operation_logs": return (table, 1)
        default: return (table, 0)
        }
    }

    static func workflow(_ key: String, _ project: String) -> String {
        """
        INSERT INTO workflows (workflow_key, project_key, display_name, description, concurrency_limit, disabled,
          enable_approval_ticket, params, stages, notify_ctls, definition, created_by, created_at, updated_by, updated_at)
        VALUES ('\(key)', '\(project)', '\(key)', '', -1, 0, 0, '[]', '[]', '[]', '{}', 'admin', 1, 'admin', 1)
        """
    }

    static func task(_ workflow: String, _ project: String) -> String {
        var run = WorkflowTask(
            workflow: Workflow(key: workflow, displayName: workflow, projectKey: project, createdBy: "admin"),
            taskID: 1, creator: "admin", params: [], stages: [])
        run.status = .passed
        let state = String(decoding: try! JSONEncoder().encode(run), as: UTF8.self)
        return """
            INSERT INTO tasks (workflow_key, task_id, project_key, status, creator, created_at, started_at, ended_at, state, updated_at)
            VALUES ('\(workflow)', 1, '\(project)', 'passed', 'admin', 1, 1, 1, '\(state.replacingOccurrences(of: "'", with: "''"))', 1)
            """
    }

    static func mergeRequest(_ id: Int, depot: Int) -> String {
        """
        INSERT INTO merge_requests (id, depot_id, iid, project_key, title, description, source_branch, target_branch, state,
          author_uid, actor_uid, source_sha, target_sha, base_sha, merge_commit_sha, created_at, updated_at, action_at)
        VALUES (\(id), \(depot), 1, 'keep', 't', '', 'a', 'main', 'open', 'u1', 'u1', '', '', '', '', 1, 1, 1)
        """
    }

    static func publicKey(_ title: String, depot: Int) -> String {
        """
        INSERT INTO public_keys (owner_uid, depot_id, title, content, fingerprint, md5_fingerprint, allow_write, expiration_date, created_at)
        VALUES ('u1', \(depot), '\(title)', 'ssh-ed25519 AAAA', 'fp-\(title)', 'md5', 0, '', 1)
        """
    }

    static func application(_ id: Int, depot: Int) -> String {
        """
        INSERT INTO sdevs_applications (id, workflow_key, owner, repo, repo_url, provider, provider_repo_id, description,
          trigger_spec, secrets, user_id, depot_id, created_at, updated_at)
        VALUES (\(id), 'sdevs-app-\(id)', 'o', 'r\(id)', 'https://example.com/o/r.git', '\(depot == 0 ? "github" : "coding")', '1', '',
          '{}', '{}', 'u1', \(depot), 1, 1)
        """
    }

    static func dispatch(app: Int) -> String {
        """
        INSERT INTO sdevs_dispatches (app_id, task_number, event_name, ref, commit_sha, message, payload, dedup_key, delivery_id, created_by, created_at)
        VALUES (\(app), 1, 'push', 'refs/heads/main', 'abc', '', '{}', 'd\(app)', 0, 'admin', 1)
        """
    }
}
