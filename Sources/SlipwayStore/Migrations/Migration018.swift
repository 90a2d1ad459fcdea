import SQLKit

/// Leases of commands handed to remote agents, kept so that a server restart neither loses nor
/// repeats them: one row per command, named by its lease id, with the job run it belongs to (the
/// key in the job directory's marker and the directory's path), its number within that job run,
/// the agent and the agent process (`instance`) holding it, the next log batch the server expects
/// with the job log's line count after the last acknowledged batch, and, once the command ended,
/// its exit code or error.
enum Migration018 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "agent_leases")
            .column("lease", type: .text, .primaryKey(autoIncrement: false))
            .column("job", type: .text, .notNull)
            .column("job_directory", type: .text, .notNull)
            .column("ordinal", type: .bigint, .notNull)
            .column("agent_id", type: .bigint, .notNull)
            .column("agent_name", type: .text, .notNull)
            .column("instance", type: .text, .notNull)
            .column("next_batch", type: .bigint, .notNull)
            .column("log_lines", type: .bigint, .notNull)
            .column("finished", type: .bigint, .notNull)
            .column("exit_code", type: .bigint)
            .column("error", type: .text)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "agent_leases_job").on("agent_leases").column("job").run()
    }
}
