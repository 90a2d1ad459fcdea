import SQLKit
import SlipwayCore

struct MergeRequestRow: Codable {
    var id: Int64
    var depotId: Int64
    var iid: Int64
    var projectKey: String
    var title: String
    var description: String
    var sourceBranch: String
    var targetBranch: String
    var state: String
    var authorUid: String
    var actorUid: String
    var sourceSha: String
    var targetSha: String
    var baseSha: String
    var mergeCommitSha: String
    var createdAt: Int64
    var updatedAt: Int64
    var actionAt: Int64

    var mergeRequest: DepotMergeRequest {
        DepotMergeRequest(
            id: id, depotID: depotId, iid: iid, projectKey: projectKey, title: title, description: description,
            sourceBranch: sourceBranch, targetBranch: targetBranch, state: .init(rawValue: state) ?? .open,
            authorUID: authorUid, actorUID: actorUid, sourceSHA: sourceSha, targetSHA: targetSha, baseSHA: baseSha,
            mergeCommitSHA: mergeCommitSha, createdAt: createdAt, updatedAt: updatedAt, actionAt: actionAt)
    }
}

struct ReviewerRow: Codable {
    var userUid: String
    var approved: Int
    var createdAt: Int64
}

struct NoteRow: Codable {
    var id: Int64
    var mergeRequestId: Int64
    var parentId: Int64
    var authorUid: String
    var content: String
    var commitSha: String
    var path: String
    var lineIndex: Int64
    var createdAt: Int64
    var updatedAt: Int64

    var note: MergeRequestNote {
        var n = MergeRequestNote(
            id: id, mergeRequestID: mergeRequestId, parentID: parentId, authorUID: authorUid, content: content,
            commitSHA: commitSha, path: path, lineIndex: lineIndex, createdAt: createdAt)
        n.updatedAt = updatedAt
        return n
    }
}

/// Which merge requests a list shows. Empty arrays and nil values do not filter.
package struct MergeRequestFilter: Sendable {
    package var depotIDs: [Int64]?
    package var states: [DepotMergeRequest.State] = []
    package var authorUIDs: [String] = []
    package var actorUIDs: [String] = []
    package var reviewerUIDs: [String] = []
    package var keyword: String = ""
    package var sourceBranches: [String] = []
    package var targetBranches: [String] = []
    package var createdFrom: EpochMillis?
    package var createdTo: EpochMillis?
    /// Sort by `action_at` instead of `created_at`.
    package var sortByActionAt = false
    package var ascending = false

    package init(depotIDs: [Int64]? = nil) {
        self.depotIDs = depotIDs
    }
}

/// Merge requests with their reviewers and notes.
package struct MergeRequestRepository: Sendable {
    let sql: any SQLStore

    /// Stores a new request with the next per-depot number, its initial reviewers and its `create` log event.
    package func create(_ request: DepotMergeRequest, reviewerUIDs: [String]) async throws -> DepotMergeRequest {
        try await sql.write { db in
            let last =
                try await db.select().column(SQLFunction("max", args: SQLColumn("iid")), as: "n")
                .from("merge_requests").where("depot_id", .equal, request.depotID)
                .first(decodingColumn: "n", as: Int64?.self) ?? nil
            var stored = request
            stored.iid = (last ?? 0) + 1
            stored.id = try await mapConflict("a merge request was created at the same time; try again") {
                try await db.insert(into: "merge_requests")
                    .columns(
                        "depot_id", "iid", "project_key", "title", "description", "source_branch", "target_branch",
                        "state", "author_uid", "actor_uid", "source_sha", "target_sha", "base_sha",
                        "merge_commit_sha", "created_at", "updated_at", "action_at"
                    )
                    .values(
                        SQLBind(stored.depotID), SQLBind(stored.iid), SQLBind(stored.projectKey), SQLBind(stored.title),
                        SQLBind(stored.description), SQLBind(stored.sourceBranch), SQLBind(stored.targetBranch),
                        SQLBind(stored.state.rawValue), SQLBind(stored.authorUID), SQLBind(stored.actorUID),
                        SQLBind(stored.sourceSHA), SQLBind(stored.targetSHA), SQLBind(stored.baseSHA),
                        SQLBind(stored.mergeCommitSHA), SQLBind(stored.createdAt), SQLBind(stored.updatedAt),
                        SQLBind(stored.actionAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
            for uid in Set(reviewerUIDs) {
                try await Self.insertReviewer(mergeRequestID: stored.id, uid: uid, db)
            }
            try await Self.insertEvent(
                MergeRequestEvent(
                    mergeRequestID: stored.id, action: .create, actorUID: stored.authorUID,
                    createdAt: stored.createdAt), db)
            for uid in reviewerUIDs.reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
                try await Self.insertEvent(
                    MergeRequestEvent(
                        mergeRequestID: stored.id, action: .addReviewer, actorUID: stored.authorUID,
                        detail: uid, createdAt: stored.createdAt), db)
            }
            return stored
        }
    }

    package func get(depotID: Int64, iid: Int64) async throws -> DepotMergeRequest? {
        try await sql.read { db in
            try await db.select().column("*").from("merge_requests").where("depot_id", .equal, depotID)
                .where("iid", .equal, iid)
                .first(decoding: MergeRequestRow.self, keyDecodingStrategy: .snakeCase)?.mergeRequest
        }
    }

    /// One page of requests, newest first unless the filter says otherwise.
    package func list(_ filter: MergeRequestFilter, page: Int, pageSize: Int) async throws -> (rows: [DepotMergeRequest], total: Int) {
        try await sql.read { db in
            let apply: @Sendable (SQLSelectBuilder) -> SQLSelectBuilder = { q in
                var q = q
                if let ids = filter.depotIDs { q = q.where("depot_id", .in, ids.isEmpty ? [-1] : ids) }
                if !filter.states.isEmpty { q = q.where("state", .in, filter.states.map(\.rawValue)) }
                if !filter.authorUIDs.isEmpty { q = q.where("author_uid", .in, filter.authorUIDs) }
                if !filter.actorUIDs.isEmpty { q = q.where("actor_uid", .in, filter.actorUIDs) }
                if !filter.sourceBranches.isEmpty { q = q.where("source_branch", .in, filter.sourceBranches) }
                if !filter.targetBranches.isEmpty { q = q.where("target_branch", .in, filter.targetBranches) }
                if let from = filter.createdFrom { q = q.where("created_at", .greaterThanOrEqual, from) }
                if let to = filter.createdTo { q = q.where("created_at", .lessThan, to) }
                if !filter.keyword.isEmpty {
                    let pattern = "%" + filter.keyword.lowercased() + "%"
                    q = q.where(SQLFunction("lower", args: SQLColumn("title")), .like, SQLBind(pattern))
                }
                if !filter.reviewerUIDs.isEmpty {
                    q = q.where(
                        SQLColumn("id"), .in,
                        SQLGroupExpression(
                            db.select().column("merge_request_id").from("merge_request_reviewers")
                                .where("user_uid", .in, filter.reviewerUIDs).query))
                }
                return q
            }
            let total = try await db.count("merge_requests", apply)
            let order = filter.sortByActionAt ? "action_at" : "created_at"
            let direction: SQLDirection = filter.ascending ? .ascending : .descending
            let rows = try await apply(db.select().column("*").from("merge_requests"))
                .orderBy(order, direction).orderBy("id", direction)
                .limit(max(pageSize, 0)).offset(max(page - 1, 0) * max(pageSize, 0))
                .all(decoding: MergeRequestRow.self, keyDecodingStrategy: .snakeCase)
            return (rows.map(\.mergeRequest), total)
        }
    }

    /// Writes every mutable field; with `expecting`, only if the stored state still is that
    /// (so two merges or a merge and a close cannot both win). Returns whether a row changed.
    @discardableResult
    package func update(
        _ request: DepotMergeRequest, expecting: DepotMergeRequest.State? = nil, logging events: [MergeRequestEvent] = []
    ) async throws -> Bool {
        try await sql.write { db in
            // UPDATE … RETURNING: the state check and the write are one statement.
            var q = db.update("merge_requests")
                .set("title", to: SQLBind(request.title)).set("description", to: SQLBind(request.description))
                .set("state", to: SQLBind(request.state.rawValue)).set("actor_uid", to: SQLBind(request.actorUID))
                .set("source_sha", to: SQLBind(request.sourceSHA)).set("target_sha", to: SQLBind(request.targetSHA))
                .set("base_sha", to: SQLBind(request.baseSHA))
                .set("merge_commit_sha", to: SQLBind(request.mergeCommitSHA))
                .set("updated_at", to: SQLBind(request.updatedAt)).set("action_at", to: SQLBind(request.actionAt))
                .where("id", .equal, request.id)
            if let expecting { q = q.where("state", .equal, expecting.rawValue) }
            let changed = try await q.returning("id").first(decodingColumn: "id", as: Int64.self) != nil
            if changed { for event in events { try await Self.insertEvent(event, db) } }
            return changed
        }
    }

    // MARK: Reviewers

    package func reviewers(mergeRequestID: Int64) async throws -> [MergeRequestReviewer] {
        try await sql.read { db in
            try await db.select().columns("user_uid", "approved", "created_at").from("merge_request_reviewers")
                .where("merge_request_id", .equal, mergeRequestID).orderBy("created_at").orderBy("user_uid")
                .all(decoding: ReviewerRow.self, keyDecodingStrategy: .snakeCase)
                .map { MergeRequestReviewer(userUID: $0.userUid, approved: $0.approved != 0, createdAt: $0.createdAt) }
        }
    }

    /// Adds a reviewer (no-op when already one), with its log entry when given, in one transaction.
    package func addReviewer(mergeRequestID: Int64, userUID: String, logging event: MergeRequestEvent? = nil) async throws {
        try await sql.write { db in
            try await Self.insertReviewer(mergeRequestID: mergeRequestID, uid: userUID, db)
            if let event { try await Self.insertEvent(event, db) }
        }
    }

    /// Removes a reviewer, with its log entry when given, in one transaction.
    package func removeReviewer(mergeRequestID: Int64, userUID: String, logging event: MergeRequestEvent? = nil) async throws {
        try await sql.write { db in
            try await db.delete(from: "merge_request_reviewers").where("merge_request_id", .equal, mergeRequestID)
                .where("user_uid", .equal, userUID).run()
            if let event { try await Self.insertEvent(event, db) }
        }
    }

    /// Records a reviewer's approval (adding them as reviewer if needed) or withdraws it, with its
    /// log entry when given, in one transaction.
    package func setApproval(
        mergeRequestID: Int64, userUID: String, approved: Bool, logging event: MergeRequestEvent? = nil
    ) async throws {
        try await sql.write { db in
            try await Self.insertReviewer(mergeRequestID: mergeRequestID, uid: userUID, db)
            try await db.update("merge_request_reviewers").set("approved", to: SQLBind(approved.sqlInt))
                .where("merge_request_id", .equal, mergeRequestID).where("user_uid", .equal, userUID).run()
            if let event { try await Self.insertEvent(event, db) }
        }
    }

    static func insertReviewer(mergeRequestID: Int64, uid: String, _ db: any SQLDatabase) async throws {
        let exists = try await db.count("merge_request_reviewers") {
            $0.where("merge_request_id", .equal, mergeRequestID).where("user_uid", .equal, uid)
        }
        guard exists == 0 else { return }
        try await mapConflict("reviewer already added") {
            try await db.insert(into: "merge_request_reviewers")
                .columns("merge_request_id", "user_uid", "approved", "created_at")
                .values(SQLBind(mergeRequestID), SQLBind(uid), SQLBind(0), SQLBind(EpochMillis.now())).run()
        }
    }

    // MARK: Notes

    /// Stores a note and, when `logging` is given, the log entry it makes for the stored note,
    /// in one transaction.
    package func addNote(
        _ note: MergeRequestNote, logging event: (@Sendable (MergeRequestNote) -> MergeRequestEvent)? = nil
    ) async throws -> MergeRequestNote {
        try await sql.write { db in
            if note.parentID != 0 {
                let parent = try await db.count("merge_request_notes") {
                    $0.where("id", .equal, note.parentID).where("merge_request_id", .equal, note.mergeRequestID)
                }
                guard parent > 0 else { throw SlipwayError.notFound("note \(note.parentID) not found") }
            }
            var stored = note
            stored.id =
                try await db.insert(into: "merge_request_notes")
                .columns(
                    "merge_request_id", "parent_id", "author_uid", "content", "commit_sha", "path", "line_index",
                    "created_at", "updated_at"
                )
                .values(
                    SQLBind(note.mergeRequestID), SQLBind(note.parentID), SQLBind(note.authorUID),
                    SQLBind(note.content), SQLBind(note.commitSHA), SQLBind(note.path), SQLBind(note.lineIndex),
                    SQLBind(note.createdAt), SQLBind(note.updatedAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            if let event { try await Self.insertEvent(event(stored), db) }
            return stored
        }
    }

    /// Notes of the given requests, oldest first.
    package func notes(mergeRequestIDs: [Int64]) async throws -> [MergeRequestNote] {
        guard !mergeRequestIDs.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().column("*").from("merge_request_notes").where("merge_request_id", .in, mergeRequestIDs)
                .orderBy("id").all(decoding: NoteRow.self, keyDecodingStrategy: .snakeCase).map(\.note)
        }
    }

    /// Deletes a note and its replies; returns the deleted note.
    package func deleteNote(id: Int64, mergeRequestID: Int64) async throws -> MergeRequestNote {
        try await sql.write { db in
            guard
                let row = try await db.select().column("*").from("merge_request_notes").where("id", .equal, id)
                    .where("merge_request_id", .equal, mergeRequestID)
                    .first(decoding: NoteRow.self, keyDecodingStrategy: .snakeCase)
            else { throw SlipwayError.notFound("note \(id) not found") }
            try await db.delete(from: "merge_request_notes").where("merge_request_id", .equal, mergeRequestID)
                .where(SQLColumn("id"), .equal, SQLBind(id)).orWhere(SQLColumn("parent_id"), .equal, SQLBind(id)).run()
            return row.note
        }
    }
}
