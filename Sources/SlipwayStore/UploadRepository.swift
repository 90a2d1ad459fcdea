import SQLKit
import SlipwayCore

/// Uploads (migration 27): what may be (or was) uploaded, by whom, for which project and purpose.
package struct UploadRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var uploadKey: String
        var projectKey: String
        var purpose: String
        var ownerUid: String
        var fileName: String
        var secretHash: String
        var expiresAt: Int64
        var size: Int64?
        var createdAt: Int64

        static let columns = [
            "upload_key", "project_key", "purpose", "owner_uid", "file_name", "secret_hash", "expires_at", "size", "created_at",
        ]

        var upload: Upload {
            var upload = Upload(
                purpose: purpose, key: uploadKey, projectKey: projectKey, ownerUID: ownerUid, fileName: fileName, secretHash: secretHash,
                expiresAt: expiresAt, createdAt: createdAt)
            upload.size = size
            return upload
        }
    }

    package func create(_ u: Upload) async throws {
        try await sql.write { db in
            try await db.insert(into: "uploads").columns(Row.columns)
                .values(
                    SQLBind(u.key), SQLBind(u.projectKey), SQLBind(u.purpose), SQLBind(u.ownerUID), SQLBind(u.fileName), SQLBind(u.secretHash),
                    SQLBind(u.expiresAt), SQLBind(u.size), SQLBind(u.createdAt)
                ).run()
        }
    }

    package func get(key: String) async throws -> Upload? {
        try await sql.read { db in
            try await db.select().columns(Row.columns).from("uploads").where("upload_key", .equal, key)
                .first(decoding: Row.self, keyDecodingStrategy: .snakeCase)?.upload
        }
    }

    /// Record that the file arrived (once: `false` when it had already).
    package func markReceived(key: String, size: Int64) async throws -> Bool {
        try await sql.write { db in
            let rows = try await db.update("uploads").set("size", to: size).where("upload_key", .equal, key).where("size", .is, SQLLiteral.null)
                .returning("upload_key").all()
            return !rows.isEmpty
        }
    }

    /// Delete a ticket; `false` when it was already gone (so of two takers only one wins).
    @discardableResult
    package func delete(key: String) async throws -> Bool {
        try await sql.write { db in
            !(try await db.delete(from: "uploads").where("upload_key", .equal, key).returning("upload_key").all()).isEmpty
        }
    }

    /// The keys of a project's uploads.
    package func keys(projectKey: String) async throws -> [String] {
        try await sql.read { db in
            try await db.select().column("upload_key").from("uploads").where("project_key", .equal, projectKey).all(
                decodingColumn: "upload_key", as: String.self)
        }
    }
}
