import SQLKit
import SlipwayCore

/// The wiki's ZIP import and update jobs.
extension WikiRepository {
    struct JobRow: Decodable {
        var id: String
        var projectKey: String
        var kind: String
        var status: String
        var targetIid: Int64
        var uploadKey: String
        var creatorUid: String
        var message: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "kind", "status", "target_iid", "upload_key", "creator_uid", "message", "created_at", "updated_at",
        ]

        var job: WikiJob? {
            guard let kind = WikiJob.Kind(rawValue: kind), let status = WikiJob.Status(rawValue: status) else { return nil }
            var job = WikiJob(
                id: id, projectKey: projectKey, kind: kind, targetIid: targetIid, uploadKey: uploadKey, creatorUID: creatorUid, at: createdAt)
            (job.status, job.message, job.updatedAt) = (status, message, updatedAt)
            return job
        }
    }

    package func createJob(_ job: WikiJob) async throws {
        try await sql.write { db in
            try await db.insert(into: "wiki_jobs").columns(JobRow.columns)
                .values(
                    SQLBind(job.id), SQLBind(job.projectKey), SQLBind(job.kind.rawValue), SQLBind(job.status.rawValue), SQLBind(job.targetIid),
                    SQLBind(job.uploadKey), SQLBind(job.creatorUID), SQLBind(job.message), SQLBind(job.createdAt), SQLBind(job.updatedAt)
                ).run()
        }
    }

    package func setJobStatus(id: String, _ status: WikiJob.Status, message: String = "", at now: EpochMillis) async throws {
        try await sql.write { db in
            try await db.update("wiki_jobs").set("status", to: status.rawValue).set("message", to: String(message.prefix(2000)))
                .set("updated_at", to: now).where("id", .equal, id).run()
        }
    }

    /// Marks failed, with `message`, every job still waiting or processing that was last touched
    /// before `before` (jobs a stopped server left unfinished); how many it marked.
    package func failUnfinishedJobs(before: EpochMillis, message: String, at now: EpochMillis) async throws -> Int {
        let unfinished = [WikiJob.Status.waiting, .processing].map(\.rawValue)
        return try await sql.write { db in
            let ids = try await db.select().column("id").from("wiki_jobs").where("status", .in, unfinished).where("updated_at", .lessThan, before)
                .all(decodingColumn: "id", as: String.self)
            guard !ids.isEmpty else { return 0 }
            try await db.update("wiki_jobs").set("status", to: WikiJob.Status.failed.rawValue).set("message", to: String(message.prefix(2000)))
                .set("updated_at", to: now).where("id", .in, ids).where("status", .in, unfinished).run()
            return ids.count
        }
    }

    package func job(projectKey: String, id: String) async throws -> WikiJob? {
        try await sql.read { db in
            try await db.select().columns(JobRow.columns).from("wiki_jobs").where("project_key", .equal, projectKey).where("id", .equal, id)
                .first(decoding: JobRow.self, keyDecodingStrategy: .snakeCase)?.job
        }
    }
}
