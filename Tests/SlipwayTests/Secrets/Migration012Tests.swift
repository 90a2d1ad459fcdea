import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 9 points 10 and 11: migration 12 seals the secrets rows already hold and redacts stored
/// operation-log bodies; reads still return plaintext, and another key is refused.
@Suite struct Migration012Tests {
    static let plaintexts = [
        "mig-param-secret", "mig-env-secret", "mig-def-secret", "mig-task-secret", "mig-db-secret",
        "mig-app-secret", "mig-hook-secret", "mig-oplog-secret",
    ]

    @Test(arguments: StoreKind.enabled)
    func existingRowsAreSealedAndStillRead(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "migration-12")
            let sql = try await database.openSQL(logger: logger)
            let box = try SecretBox(base64: SecretBox.generateKey())
            do {
                try await Migrator.migrate(sql, logger: logger, secrets: box, upTo: 11)
                try await Self.writeLegacyRows(sql)
                let before = try await StoredText.everything(sql)
                #expect(StoredText.leaked(Self.plaintexts, in: before) == Self.plaintexts, "the legacy rows hold plaintext")

                try await Migrator.migrate(sql, logger: logger, secrets: box)
                let after = try await StoredText.everything(sql)
                #expect(StoredText.leaked(Self.plaintexts, in: after) == [], "still stored in plaintext")
                #expect(StoredText.leaked([SecretBox.prefix], in: after) == [SecretBox.prefix])

                let store = Store(sql: sql, secrets: box)
                let workflow = try #require(try await store.workflows.get(key: "legacy"))
                #expect(workflow.params[0].defaultValue == "mig-param-secret")
                #expect(FreestyleEnvs.values(workflow.stages[0].jobs[0].spec) == ["mig-env-secret"])
                #expect(workflow.definition["params"].array.first?["default"].string == "mig-def-secret")
                let task = try #require(try await store.tasks.get(workflowKey: "legacy", taskID: 1))
                #expect(task.secrets == ["mig-task-secret"])
                #expect(try await store.databases.find("legacydb")?.url == "postgres://u:mig-db-secret@h/d")
                let app = try #require(try await store.serverlessApps.get(id: 1))
                #expect(app.secrets == ["GIT_TOKEN": "mig-app-secret"])
                #expect(app.webhookSecret(for: "github") == "mig-hook-secret")
                let log = try await store.operationLogs.list(OperationLogQuery(page: 1, perPage: 10)).items[0]
                #expect(JSON(log.requestBody)["password"].string == "***")
                #expect(JSON(log.requestBody)["name"].string == "pg")

                // The data is sealed with `box`: another key is refused before anything is read.
                let other = try SecretBox(base64: SecretBox.generateKey())
                await #expect(throws: StoreError.self) { try await Migrator.migrate(sql, logger: logger, secrets: other) }
            } catch {
                await sql.close()
                throw error
            }
            await sql.close()
        }
    }

    /// Rows as the code before migration 12 wrote them.
    static func writeLegacyRows(_ sql: any SQLStore) async throws {
        let workflow = Workflow(
            key: "legacy", displayName: "Legacy", projectKey: "demo",
            params: [WorkflowParam(name: "tok", defaultValue: "mig-param-secret", isCredential: true)],
            stages: [
                StageDefinition(
                    name: "s", parallel: false,
                    jobs: [
                        JobDefinition(
                            name: "j", type: .freestyle,
                            spec: .object([
                                "properties": .object([
                                    "envs": .array([
                                        .object([
                                            "key": .string("TOKEN"), "value": .string("mig-env-secret"), "is_credential": .bool(true),
                                        ])
                                    ])
                                ])
                            ]))
                    ])
            ],
            definition: .object([
                "params": .array([
                    .object([
                        "name": .string("tok"), "default": .string("mig-def-secret"), "is_credential": .bool(true),
                    ])
                ])
            ]),
            createdBy: "admin")
        var task = WorkflowTask(workflow: workflow, taskID: 1, creator: "admin", params: workflow.params, stages: [])
        task.secrets = ["mig-task-secret"]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
        let params = try json(workflow.params), stages = try json(workflow.stages), definition = try json(workflow.definition)
        let state = try json(task)
        try await sql.write { db in
            // The project the legacy workflow belongs to (migration 14 removes rows whose project is gone).
            try await db.raw(
                """
                INSERT INTO projects (project_key, name, description, is_public, project_type, created_by, created_at,
                  updated_by, updated_at)
                VALUES ('demo', 'Demo', '', 0, 'yaml', 'admin', 1, 'admin', 1)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO workflows (workflow_key, project_key, display_name, description, concurrency_limit, disabled,
                  enable_approval_ticket, params, stages, notify_ctls, definition, created_by, created_at, updated_by, updated_at)
                VALUES ('legacy', 'demo', 'Legacy', '', -1, 0, 0, \(bind: params), \(bind: stages), '[]', \(bind: definition),
                  'admin', 1, 'admin', 1)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO tasks (workflow_key, task_id, project_key, status, creator, created_at, started_at, ended_at, state, updated_at)
                VALUES ('legacy', 1, 'demo', 'passed', 'admin', 1, 1, 1, \(bind: state), 1)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO database_instances (id, name, type, url, updated_by, updated_at)
                VALUES ('db1', 'legacydb', 'postgresql', 'postgres://u:mig-db-secret@h/d', 'admin', 1)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO sdevs_applications (workflow_key, owner, repo, repo_url, provider, provider_repo_id, description,
                  trigger_spec, secrets, user_id, depot_id, created_at, updated_at)
                VALUES ('sdevs-app-1', 'o', 'r', 'https://example.com/o/r.git', 'github', '1', '',
                  '{"github":{"secret":"mig-hook-secret","events":[]}}', '{"GIT_TOKEN":"mig-app-secret"}', 'u1', 0, 1, 1)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO operation_logs (username, project_key, method, function, scene, targets, detail, request_body,
                  body_type, status, created_at)
                VALUES ('admin', '', 'OpenAPI新建', 'db', '', '[]', '',
                  '{"name":"pg","password":"mig-oplog-secret"}', 'json', 200, 1)
                """
            ).run()
        }
    }
}

/// The values of a freestyle spec's envs.
enum FreestyleEnvs {
    static func values(_ spec: JSONValue) -> [String] {
        spec["properties"]["envs"].array.compactMap { $0["value"].string }
    }
}
