import SQLKit
import SlipwayCore

struct GitReleaseRow: Codable {
    var id: Int64
    var depotId: Int64
    var iid: Int64
    var tagName: String
    var commitSha: String
    var targetCommitish: String
    var title: String
    var body: String
    var isPrerelease: Int
    var creatorUid: String
    var createdAt: Int64
    var updatedAt: Int64

    var release: GitRelease {
        var r = GitRelease(
            id: id, depotID: depotId, iid: iid, tagName: tagName, commitSHA: commitSha, targetCommitish: targetCommitish,
            title: title, body: body, isPrerelease: isPrerelease != 0, creatorUID: creatorUid, createdAt: createdAt)
        r.updatedAt = updatedAt
        return r
    }
}

/// Depot releases: one per tag, numbered per depot.
package struct GitReleaseRepository: Sendable {
    let sql: any SQLStore

    /// Stores a release with the next per-depot number; `conflict` when the tag already has one.
    package func create(_ release: GitRelease) async throws -> GitRelease {
        try await sql.write { db in
            let taken = try await db.count("git_releases") {
                $0.where("depot_id", .equal, release.depotID).where("tag_name", .equal, release.tagName)
            }
            if taken > 0 { throw SlipwayError.conflict("tag \(release.tagName) already has a release") }
            let last =
                try await db.select().column(SQLFunction("max", args: SQLColumn("iid")), as: "n")
                .from("git_releases").where("depot_id", .equal, release.depotID)
                .first(decodingColumn: "n", as: Int64?.self) ?? nil
            var stored = release
            stored.iid = (last ?? 0) + 1
            stored.id = try await mapConflict("tag \(release.tagName) already has a release") {
                try await db.insert(into: "git_releases")
                    .columns(
                        "depot_id", "iid", "tag_name", "commit_sha", "target_commitish", "title", "body",
                        "is_prerelease", "creator_uid", "created_at", "updated_at"
                    )
                    .values(
                        SQLBind(stored.depotID), SQLBind(stored.iid), SQLBind(stored.tagName),
                        SQLBind(stored.commitSHA), SQLBind(stored.targetCommitish), SQLBind(stored.title),
                        SQLBind(stored.body), SQLBind(stored.isPrerelease.sqlInt), SQLBind(stored.creatorUID),
                        SQLBind(stored.createdAt), SQLBind(stored.updatedAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
            return stored
        }
    }

    package func get(id: Int64) async throws -> GitRelease? {
        try await sql.read { db in
            try await db.select().column("*").from("git_releases").where("id", .equal, id)
                .first(decoding: GitReleaseRow.self, keyDecodingStrategy: .snakeCase)?.release
        }
    }

    package func get(depotID: Int64, iid: Int64) async throws -> GitRelease? {
        try await sql.read { db in
            try await db.select().column("*").from("git_releases").where("depot_id", .equal, depotID)
                .where("iid", .equal, iid)
                .first(decoding: GitReleaseRow.self, keyDecodingStrategy: .snakeCase)?.release
        }
    }

    /// One page, newest first. `prerelease` nil = all.
    package func list(
        depotID: Int64, tagName: String?, prerelease: Bool?, from: EpochMillis?, to: EpochMillis?, page: Int, pageSize: Int
    ) async throws -> (rows: [GitRelease], total: Int) {
        try await sql.read { db in
            let (rows, total) = try await db.page(
                "git_releases", as: GitReleaseRow.self, page: page, pageSize: pageSize, orderBy: "iid", descending: true
            ) { q in
                var q = q.where("depot_id", .equal, depotID)
                if let tagName { q = q.where("tag_name", .equal, tagName) }
                if let prerelease { q = q.where("is_prerelease", .equal, prerelease.sqlInt) }
                if let from { q = q.where("created_at", .greaterThanOrEqual, from) }
                if let to { q = q.where("created_at", .lessThan, to) }
                return q
            }
            return (rows.map(\.release), total)
        }
    }

    package func update(_ release: GitRelease) async throws {
        try await sql.write { db in
            try await db.update("git_releases").set("title", to: SQLBind(release.title))
                .set("body", to: SQLBind(release.body)).set("is_prerelease", to: SQLBind(release.isPrerelease.sqlInt))
                .set("updated_at", to: SQLBind(release.updatedAt)).where("id", .equal, release.id).run()
        }
    }

    /// Deletes the release of a tag; `notFound` when there is none.
    package func delete(depotID: Int64, tagName: String) async throws {
        try await sql.write { db in
            let n = try await db.count("git_releases") {
                $0.where("depot_id", .equal, depotID).where("tag_name", .equal, tagName)
            }
            guard n > 0 else { throw SlipwayError.notFound("no release for tag \(tagName)") }
            try await db.delete(from: "git_releases").where("depot_id", .equal, depotID)
                .where("tag_name", .equal, tagName).run()
        }
    }
}
