import Foundation
import SQLKit
import SlipwayCore

extension CIRepository {
    struct BuildRow: Decodable {
        var id: Int64
        var jobId: Int64
        var number: Int64
        var taskId: Int64
        var branch: String
        var commitSha: String
        var cause: String
        var triggerMethod: String
        var jenkinsfile: String
        var params: String
        var creatorUid: String
        var createdAt: Int64

        func build(_ box: SecretBox) throws -> CIBuild {
            var params = JSONColumn.decode([CIJob.Variable].self, from: self.params, default: [])
            for index in params.indices where params[index].sensitive { params[index].value = try box.open(params[index].value) }
            var build = CIBuild(
                jobID: jobId, number: number, taskID: Int(taskId), branch: branch, commit: commitSha, cause: cause,
                triggerMethod: triggerMethod, jenkinsfile: jenkinsfile, params: params, creatorUID: creatorUid, createdAt: createdAt)
            build.id = id
            return build
        }
    }

    /// Store a new build with the job's next number.
    package func createBuild(_ build: CIBuild) async throws -> CIBuild {
        var params = build.params
        for index in params.indices where params[index].sensitive { params[index].value = try box.seal(params[index].value) }
        let paramsText = JSONColumn.encode(params)
        return try await sql.write { db in
            let last =
                try await db.select().column(SQLFunction("max", args: SQLColumn("number")), as: "n").from("ci_builds")
                .where("job_id", .equal, build.jobID).first(decodingColumn: "n", as: Int64?.self) ?? nil
            var stored = build
            stored.number = (last ?? 0) + 1
            stored.id =
                try await db.insert(into: "ci_builds")
                .columns(
                    "job_id", "number", "task_id", "branch", "commit_sha", "cause", "trigger_method", "jenkinsfile", "params", "creator_uid",
                    "created_at"
                )
                .values(
                    SQLBind(build.jobID), SQLBind(stored.number), SQLBind(Int64(build.taskID)), SQLBind(build.branch), SQLBind(build.commit),
                    SQLBind(build.cause), SQLBind(build.triggerMethod), SQLBind(build.jenkinsfile), SQLBind(paramsText),
                    SQLBind(build.creatorUID), SQLBind(build.createdAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    package func setTask(buildID: Int64, taskID: Int) async throws {
        try await sql.write { db in
            try await db.update("ci_builds").set("task_id", to: SQLBind(Int64(taskID))).where("id", .equal, buildID).run()
        }
    }

    package func build(id: Int64) async throws -> CIBuild? {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_builds").where("id", .equal, id)
                .first(decoding: BuildRow.self, keyDecodingStrategy: .snakeCase)?.build(box)
        }
    }

    /// The build of a job run by task `taskID` of the job's workflow.
    package func build(jobID: Int64, taskID: Int) async throws -> CIBuild? {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_builds").where("job_id", .equal, jobID).where("task_id", .equal, Int64(taskID))
                .first(decoding: BuildRow.self, keyDecodingStrategy: .snakeCase)?.build(box)
        }
    }

    /// One page of a job's builds, newest first, and how many it has.
    package func builds(jobID: Int64, page: Int, pageSize: Int) async throws -> (builds: [CIBuild], total: Int) {
        try await sql.read { [box] db in
            let total =
                try await db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("ci_builds")
                .where("job_id", .equal, jobID).first(decodingColumn: "n", as: Int.self) ?? 0
            let rows = try await db.select().column("*").from("ci_builds").where("job_id", .equal, jobID)
                .orderBy("number", .descending).limit(pageSize).offset(max(0, page - 1) * pageSize)
                .all(decoding: BuildRow.self, keyDecodingStrategy: .snakeCase)
            return (try rows.map { try $0.build(box) }, total)
        }
    }

    package func deleteBuild(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "ci_builds").where("id", .equal, id).run() }
    }
}
