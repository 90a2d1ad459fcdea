import SQLKit

extension NumericIDRepository {
    /// The uid of the user with this numeric id.
    package func userUID(id: Int64) async throws -> String? {
        try await sql.read { db in
            try await db.select().column("uid").from("users").where("id", .equal, id).first(decodingColumn: "uid", as: String.self)
        }
    }
}
