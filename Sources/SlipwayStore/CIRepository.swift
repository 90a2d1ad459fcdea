import Foundation
import SQLKit
import SlipwayCore

/// CODING CI jobs and builds (migration 21). A job's configuration is one JSON column; the
/// values of its sensitive variables are kept apart, sealed. A build's sensitive parameter
/// values are sealed inside its `params` column.
package struct CIRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox

    struct JobRow: Decodable {
        var id: Int64
        var projectKey: String
        var config: String
        var secrets: String
        var workflowKey: String
        var createdAt: Int64
        var updatedAt: Int64

        func job(_ box: SecretBox) throws -> (job: CIJob, secrets: [String: String]) {
            var job = try JSONDecoder().decode(CIJob.self, from: Data(config.utf8))
            job.id = id
            job.projectKey = projectKey
            job.workflowKey = workflowKey
            job.createdAt = createdAt
            job.updatedAt = updatedAt
            return (job, JSONColumn.decode([String: String].self, from: try box.open(secrets), default: [:]))
        }
    }

    /// The configuration as stored: sensitive values blanked (they live sealed in `secrets`).
    static func config(_ job: CIJob) -> String {
        var stored = job
        for index in stored.env.indices where stored.env[index].sensitive { stored.env[index].value = "" }
        return JSONColumn.encode(stored)
    }

    /// Store a new job; returns it with its id and workflow key.
    package func createJob(_ job: CIJob, secrets: [String: String]) async throws -> CIJob {
        let sealed = try box.seal(JSONColumn.encode(secrets))
        return try await sql.write { db in
            let id =
                try await db.insert(into: "ci_jobs")
                .columns("project_key", "depot_id", "name", "workflow_key", "config", "secrets", "creator_uid", "created_at", "updated_at")
                .values(
                    SQLBind(job.projectKey), SQLBind(DepotReference.stored(job.depotID)), SQLBind(job.name), SQLBind(""),
                    SQLBind(Self.config(job)), SQLBind(sealed), SQLBind(job.creatorUID), SQLBind(job.createdAt), SQLBind(job.updatedAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            var stored = job
            stored.id = id
            stored.workflowKey = CIJob.workflowKey(id: id)
            try await db.update("ci_jobs").set("workflow_key", to: SQLBind(stored.workflowKey)).where("id", .equal, id).run()
            return stored
        }
    }

    /// Replace a job's configuration and secrets.
    package func updateJob(_ job: CIJob, secrets: [String: String]) async throws {
        let sealed = try box.seal(JSONColumn.encode(secrets))
        try await sql.write { db in
            try await db.update("ci_jobs").set("depot_id", to: SQLBind(DepotReference.stored(job.depotID))).set("name", to: SQLBind(job.name))
                .set("config", to: SQLBind(Self.config(job))).set("secrets", to: SQLBind(sealed))
                .set("updated_at", to: SQLBind(job.updatedAt)).where("id", .equal, job.id).run()
        }
    }

    package func deleteJob(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "ci_jobs").where("id", .equal, id).run() }
    }

    /// A job and its secret variable values.
    package func job(id: Int64) async throws -> (job: CIJob, secrets: [String: String])? {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_jobs").where("id", .equal, id)
                .first(decoding: JobRow.self, keyDecodingStrategy: .snakeCase)?.job(box)
        }
    }

    /// The jobs of a project, oldest first.
    package func jobs(projectKey: String) async throws -> [CIJob] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_jobs").where("project_key", .equal, projectKey).orderBy("id")
                .all(decoding: JobRow.self, keyDecodingStrategy: .snakeCase).map { try $0.job(box).job }
        }
    }

    /// The jobs with a `CRON` trigger rule, oldest first.
    package func scheduledJobs() async throws -> [CIJob] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_jobs").where("config", .like, "%\"CRON\"%").orderBy("id")
                .all(decoding: JobRow.self, keyDecodingStrategy: .snakeCase).map { try $0.job(box).job }.filter { $0.triggerMethods.contains("CRON") }
        }
    }

    /// The jobs building a depot, oldest first.
    package func jobs(depotID: Int64) async throws -> [CIJob] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_jobs").whereDepot(depotID).orderBy("id")
                .all(decoding: JobRow.self, keyDecodingStrategy: .snakeCase).map { try $0.job(box).job }
        }
    }
}
