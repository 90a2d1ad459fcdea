import Foundation
import SQLKit
import SlipwayCore

/// State changes write what changed: every stage and job of a task gets a `task_progress` row
/// (status, times, error, retries, sealed outputs, approval, process group, error decision) and the
/// runtime context its own sealed column, so a running task's change no longer rewrites the task's
/// whole document; its pending reason is a column too, like its status and times. Rows belong to their task's row (`task_row` → `tasks.id`, `ON DELETE CASCADE`),
/// which a workflow rename leaves alone. Existing tasks' stage and job state and context are
/// copied out of their documents, and the documents blanked of them.
enum Migration016 {
    static let version = 16

    @Sendable static func apply(_ db: any SQLDatabase, _ box: SecretBox) async throws {
        try await db.raw("ALTER TABLE tasks ADD COLUMN context TEXT NOT NULL DEFAULT ''").run()
        try await db.raw("ALTER TABLE tasks ADD COLUMN pending_reason TEXT NOT NULL DEFAULT ''").run()
        try await db.raw(
            """
            CREATE TABLE task_progress (
                task_row BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
                stage_index BIGINT NOT NULL,
                job_index BIGINT NOT NULL,
                status TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                ended_at BIGINT NOT NULL,
                error TEXT NOT NULL,
                retry_count BIGINT NOT NULL,
                outputs TEXT NOT NULL,
                approval TEXT NOT NULL,
                process_group BIGINT,
                error_handler TEXT,
                PRIMARY KEY (task_row, stage_index, job_index)
            )
            """
        ).run()
        var last: Int64 = 0
        while true {
            let rows = try await db.select().columns("id", "state").from("tasks")
                .where("id", .greaterThan, last).orderBy("id").limit(200).all()
            guard !rows.isEmpty else { return }
            for row in rows {
                last = try row.decode(column: "id", as: Int64.self)
                let task = try TaskRepository.open(try row.decode(column: "state", as: String.self), box)
                try await db.update("tasks").set("state", to: try TaskRepository.seal(TaskProgress.document(of: task), box))
                    .set("pending_reason", to: task.pendingReason).where("id", .equal, last).run()
                try await TaskRepository.insertProgress(task, row: last, box, db)
            }
        }
    }
}
