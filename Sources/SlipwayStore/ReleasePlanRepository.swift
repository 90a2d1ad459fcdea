import Foundation
import SQLKit
import SlipwayCore

/// Zadig release plans. A plan is one JSON document; every change is one transaction that
/// names the revision it read (`update` answers false when another write came first), writes
/// the plan's participants and appends its log lines.
package struct ReleasePlanRepository: Sendable {
    let sql: any SQLStore

    /// A stored plan and the revision a change must name.
    package struct Stored: Sendable {
        package var plan: ReleasePlan
        package var revision: Int64
    }

    /// Store a new plan under the next plan index; returns it with its index.
    package func create(_ plan: ReleasePlan, log: ReleasePlanLog) async throws -> ReleasePlan {
        try await sql.write { db in
            var plan = plan
            plan.index = try await RowSequence.next("release_plans", db)
            try await db.insert(into: "release_plans").columns("id", "plan_index", "status", "revision", "create_time", "wake_at", "document")
                .values(
                    SQLBind(plan.id), SQLBind(plan.index), SQLBind(plan.status.rawValue), SQLBind(Int64(1)), SQLBind(plan.createTime),
                    SQLBind(plan.wakeAt), SQLBind(try DocumentText.encode(plan))
                ).run()
            try await Self.writeParticipants(plan, db)
            try await Self.append([log], to: plan.id, db)
            return plan
        }
    }

    package func get(_ id: String) async throws -> Stored? {
        try await sql.read { db in
            guard
                let row = try await db.select().columns("document", "revision").from("release_plans").where("id", .equal, id)
                    .first(decoding: DocumentRow.self)
            else { return nil }
            return Stored(plan: try DocumentText.decode(row.document), revision: row.revision)
        }
    }

    /// Replace the plan read at `revision` and append `logs`; false when the plan changed since.
    package func update(_ plan: ReleasePlan, revision: Int64, logs: [ReleasePlanLog]) async throws -> Bool {
        try await sql.write { db in
            let moved = try await db.raw(
                """
                UPDATE release_plans SET status = \(bind: plan.status.rawValue), revision = revision + 1, wake_at = \(bind: plan.wakeAt),
                    document = \(bind: try DocumentText.encode(plan))
                WHERE id = \(bind: plan.id) AND revision = \(bind: revision) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { return false }
            try await Self.writeParticipants(plan, db)
            try await Self.append(logs, to: plan.id, db)
            return true
        }
    }

    /// Newest first; with `participant`, only the plans that user takes part in.
    package func list(page: Int, pageSize: Int, participant: String?) async throws -> Page<ReleasePlan> {
        try await sql.read { db in
            let (rows, total) = try await db.page(
                "release_plans", as: DocumentRow.self, page: page, pageSize: pageSize, orderBy: "plan_index", descending: true
            ) { select in
                guard let participant else { return select }
                let theirs: SQLQueryString = "SELECT plan_id FROM release_plan_participants WHERE user_uid = \(bind: participant)"
                return select.where(SQLBinaryExpression(SQLIdentifier("id"), .in, SQLGroupExpression(theirs)))
            }
            return Page(items: try rows.map { try DocumentText.decode($0.document) }, total: total)
        }
    }

    /// The plans in `status` (the executing ones a task event may concern).
    package func plans(in status: ReleasePlanStatus) async throws -> [ReleasePlan] {
        try await sql.read { db in
            try await db.select().columns("document", "revision").from("release_plans").where("status", .equal, status.rawValue)
                .all(decoding: DocumentRow.self).map { try DocumentText.decode($0.document) }
        }
    }

    /// The ids of the plans whose timer moment has come by `now`, soonest first.
    package func due(at now: Int64, limit: Int = 100) async throws -> [String] {
        try await sql.read { db in
            try await db.select().column("id").from("release_plans").where("wake_at", .greaterThan, Int64(0))
                .where("wake_at", .lessThanOrEqual, now).orderBy("wake_at").limit(limit).all(decodingColumn: "id", as: String.self)
        }
    }

    package func logs(of id: String) async throws -> [ReleasePlanLog] {
        try await sql.read { db in
            try await db.select().column("entry").from("release_plan_logs").where("plan_id", .equal, id).orderBy("position")
                .all(decodingColumn: "entry", as: String.self).map { try DocumentText.decode($0) }
        }
    }

    package func delete(_ id: String) async throws {
        try await sql.write { db in
            guard try await db.count("release_plans", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("release plan \(id) not found")
            }
            try await db.delete(from: "release_plans").where("id", .equal, id).run()
        }
    }

    private struct DocumentRow: Decodable {
        let document: String
        let revision: Int64
    }

    static func writeParticipants(_ plan: ReleasePlan, _ db: any SQLDatabase) async throws {
        try await db.delete(from: "release_plan_participants").where("plan_id", .equal, plan.id).run()
        for uid in plan.participants.sorted() {
            try await db.insert(into: "release_plan_participants").columns("plan_id", "user_uid").values(SQLBind(plan.id), SQLBind(uid)).run()
        }
    }

    static func append(_ logs: [ReleasePlanLog], to id: String, _ db: any SQLDatabase) async throws {
        guard !logs.isEmpty else { return }
        let last =
            try await db.select().column(SQLFunction("max", args: SQLColumn("position")), as: "p").from("release_plan_logs")
            .where("plan_id", .equal, id).first(decodingColumn: "p", as: Int64?.self) ?? nil
        for (offset, log) in logs.enumerated() {
            try await db.insert(into: "release_plan_logs").columns("plan_id", "position", "entry")
                .values(SQLBind(id), SQLBind((last ?? 0) + Int64(offset) + 1), SQLBind(try DocumentText.encode(log))).run()
        }
    }
}
