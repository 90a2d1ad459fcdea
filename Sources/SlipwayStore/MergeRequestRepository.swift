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
    /// Requests of depots in these projects (a request's project follows its depot's).
    package var projectKeys: [String]?
    /// Requests with these numbers (`iid`), within the depots filtered.
    package var iids: [Int64] = []
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

    /// Stores a new request with the next per-depot number (counted in the depot's counter), its
    /// initial reviewers and its `create` log event, in one transaction.
    package func create(_ request: DepotMergeRequest, reviewerUIDs: [String]) async throws -> DepotMergeRequest {
        try await sql.write { db in
            var stored = request
            // The number and the state's count in one statement; the counter row locks out a
            // concurrent create in the same depot until this transaction ends.
            stored.iid = try await Self.nextIID(depotID: request.depotID, state: request.state, db)
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

    /// Writes every mutable field; with `expecting`, only if the stored state still is that
    /// (so two merges or a merge and a close cannot both win). A state change moves the request
    /// between its depot's counts in the same transaction. Returns whether a row changed.
    @discardableResult
    package func update(
        _ request: DepotMergeRequest, expecting: DepotMergeRequest.State? = nil, logging events: [MergeRequestEvent] = []
    ) async throws -> Bool {
        try await sql.write { db in
            // The write is conditional on the state just read, so the counts move from the state
            // it really left; a concurrent change makes it read again.
            for _ in 0..<5 {
                guard
                    let before = try await db.select().columns("depot_id", "state").from("merge_requests")
                        .where("id", .equal, request.id).first(decoding: StoredState.self, keyDecodingStrategy: .snakeCase)
                else { return false }
                if let expecting, before.state != expecting.rawValue { return false }
                let changed =
                    try await db.update("merge_requests")
                    .set("title", to: SQLBind(request.title)).set("description", to: SQLBind(request.description))
                    .set("state", to: SQLBind(request.state.rawValue)).set("actor_uid", to: SQLBind(request.actorUID))
                    .set("source_sha", to: SQLBind(request.sourceSHA)).set("target_sha", to: SQLBind(request.targetSHA))
                    .set("base_sha", to: SQLBind(request.baseSHA))
                    .set("merge_commit_sha", to: SQLBind(request.mergeCommitSHA))
                    .set("updated_at", to: SQLBind(request.updatedAt)).set("action_at", to: SQLBind(request.actionAt))
                    .where("id", .equal, request.id).where("state", .equal, before.state)
                    .returning("id").first(decodingColumn: "id", as: Int64.self) != nil
                guard changed else { continue }
                try await Self.recount(depotID: before.depotId, from: .init(rawValue: before.state) ?? .open, to: request.state, db)
                for event in events { try await Self.insertEvent(event, db) }
                return true
            }
            throw SlipwayError.conflict("the merge request was changed at the same time; try again")
        }
    }

    /// A request's depot and state as stored.
    struct StoredState: Codable {
        var depotId: Int64
        var state: String
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
