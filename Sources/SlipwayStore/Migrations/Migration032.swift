import SQLKit

/// Release plan timers: `wake_at`, the next moment (Unix seconds, 0 when none) a plan needs the
/// server's timer (its scheduled execution, the end of its window, its approval's deadline),
/// kept with every write of the plan. Plans that may already need it are looked at once.
enum Migration032 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw("ALTER TABLE release_plans ADD COLUMN wake_at BIGINT NOT NULL DEFAULT 0").run()
        try await db.create(index: "release_plans_wake").on("release_plans").column("wake_at").run()
        try await db.raw("UPDATE release_plans SET wake_at = 1 WHERE status IN ('executing', 'wait_for_approval')").run()
    }
}
