import SQLKit
import SlipwayCore

/// CODING CD pipeline executions, and the host instances their deployments leave.
package struct CdExecutionRepository: Sendable {
    let sql: any SQLStore

    static let columns = [
        "id", "config_id", "application", "name", "workflow_key", "task_id", "trigger_document", "created_by", "status", "cancel_reason",
        "started_at", "ended_at", "created_at",
    ]

    package func create(_ execution: CdPipelineExecution) async throws {
        try await sql.write { db in
            try await db.insert(into: "cd_pipeline_executions").columns(Self.columns)
                .values(
                    SQLBind(execution.id), SQLBind(execution.configID), SQLBind(execution.application), SQLBind(execution.name),
                    SQLBind(execution.workflowKey), SQLBind(execution.taskID), SQLBind(JSONColumn.encode(execution.trigger)),
                    SQLBind(execution.createdBy), SQLBind(execution.status), SQLBind(execution.cancelReason), SQLBind(execution.startedAt),
                    SQLBind(execution.endedAt), SQLBind(execution.createdAt)
                ).run()
        }
    }

    /// Keep where the execution of `workflowKey`'s task `taskID` stands.
    package func setStatus(workflowKey: String, taskID: Int, status: String, startedAt: EpochMillis, endedAt: EpochMillis) async throws {
        try await sql.write { db in
            try await db.update("cd_pipeline_executions").set("status", to: SQLBind(status)).set("started_at", to: SQLBind(startedAt))
                .set("ended_at", to: SQLBind(endedAt)).where("workflow_key", .equal, workflowKey).where("task_id", .equal, taskID).run()
        }
    }

    package func setCancelReason(id: String, reason: String) async throws {
        try await sql.write { db in
            try await db.update("cd_pipeline_executions").set("cancel_reason", to: SQLBind(reason)).where("id", .equal, id).run()
        }
    }

    package func get(id: String) async throws -> CdPipelineExecution? {
        try await sql.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("cd_pipeline_executions").where("id", .equal, id).first()
                .map(Self.execution)
        }
    }

    /// The newest `limit` executions of config `configID`, newest first.
    package func list(configID: String, limit: Int) async throws -> [CdPipelineExecution] {
        try await sql.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("cd_pipeline_executions").where("config_id", .equal, configID)
                .orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all().map(Self.execution)
        }
    }

    /// Executions of `applications` created in [`from`, `to`), oldest first (statistics).
    package func list(applications: [String], from: EpochMillis, to: EpochMillis) async throws -> [CdPipelineExecution] {
        guard !applications.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("cd_pipeline_executions")
                .where("application", .in, applications).where("created_at", .greaterThanOrEqual, from).where("created_at", .lessThan, to)
                .orderBy("created_at").limit(100_000).all().map(Self.execution)
        }
    }

    static func execution(_ row: any SQLRow) throws -> CdPipelineExecution {
        CdPipelineExecution(
            id: try row.decode(column: "id", as: String.self), configID: try row.decode(column: "config_id", as: String.self),
            application: try row.decode(column: "application", as: String.self), name: try row.decode(column: "name", as: String.self),
            workflowKey: try row.decode(column: "workflow_key", as: String.self), taskID: try row.decode(column: "task_id", as: Int.self),
            trigger: JSONColumn.decode(JSONValue.self, from: try row.decode(column: "trigger_document", as: String.self), default: .object([:])),
            createdBy: try row.decode(column: "created_by", as: String.self), status: try row.decode(column: "status", as: String.self),
            cancelReason: try row.decode(column: "cancel_reason", as: String.self),
            startedAt: try row.decode(column: "started_at", as: Int64.self), endedAt: try row.decode(column: "ended_at", as: Int64.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    // MARK: Host instances

    /// Set the state of each of `instances` (insert or replace).
    package func record(_ instances: [CdHostInstance]) async throws {
        guard !instances.isEmpty else { return }
        try await sql.write { db in
            for instance in instances {
                try await db.delete(from: "cd_host_instances").where("account", .equal, instance.account)
                    .where("server_group_name", .equal, instance.serverGroupName).where("ip", .equal, instance.ip).run()
                try await db.insert(into: "cd_host_instances").columns("account", "server_group_name", "ip", "region", "status", "deployed_at")
                    .values(
                        SQLBind(instance.account), SQLBind(instance.serverGroupName), SQLBind(instance.ip), SQLBind(instance.region),
                        SQLBind(instance.status), SQLBind(instance.deployedAt)
                    ).run()
            }
        }
    }

    package func instances(account: String, serverGroupName: String) async throws -> [CdHostInstance] {
        try await sql.read { db in
            try await db.select().column("*").from("cd_host_instances").where("account", .equal, account)
                .where("server_group_name", .equal, serverGroupName).orderBy("ip").limit(1_000).all().map { row in
                    CdHostInstance(
                        account: try row.decode(column: "account", as: String.self),
                        serverGroupName: try row.decode(column: "server_group_name", as: String.self),
                        ip: try row.decode(column: "ip", as: String.self), region: try row.decode(column: "region", as: String.self),
                        status: try row.decode(column: "status", as: String.self), deployedAt: try row.decode(column: "deployed_at", as: Int64.self))
                }
        }
    }

    /// How many server groups named `prefix…` (`<application>-<release>-v`) `account` has: the next version number.
    package func serverGroupCount(account: String, prefix: String) async throws -> Int {
        try await sql.read { db in
            try await db.select().distinct().column("server_group_name").from("cd_host_instances").where("account", .equal, account)
                .all(decodingColumn: "server_group_name", as: String.self).filter { $0.hasPrefix(prefix) }.count
        }
    }
}
