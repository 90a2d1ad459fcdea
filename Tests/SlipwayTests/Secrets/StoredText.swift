import Foundation
import SQLKit
import SlipwayStore

/// Everything a store holds on disk, as text to search for plaintext secrets: the SQLite file and
/// its write-ahead log byte for byte, or on PostgreSQL every row of every table.
enum StoredText {
    static func everything(_ sql: any SQLStore) async throws -> String {
        if let sqlite = sql as? SQLiteStore {
            return [sqlite.path, sqlite.path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
                .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        }
        return try await sql.read { db in
            let tables = try await db.raw("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .all(decodingColumn: "table_name", as: String.self)
            var text = ""
            for table in tables {
                let rows = try await db.raw("SELECT t::text AS r FROM \(ident: table) t").all(decodingColumn: "r", as: String.self)
                text += rows.joined(separator: "\n") + "\n"
            }
            return text
        }
    }

    /// Which of `secrets` occur in `text` (a list, so a failure does not print the whole text).
    static func leaked(_ secrets: [String], in text: String) -> [String] {
        secrets.filter { text.contains($0) }
    }

    /// Every file under `directory` (task logs, workspaces, keys), concatenated.
    static func files(under directory: URL) -> String {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return "" }
        var text = ""
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            if let data = FileManager.default.contents(atPath: url.path) { text += String(decoding: data, as: UTF8.self) + "\n" }
        }
        return text
    }
}
